// How the built web app reaches a browser: compressed, cached by fingerprint, split by route, and
// with its inline script allowed by the CSP. Needs `pnpm build` (apps/web/dist).
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INLINE_SCRIPT_HASHES } from './http/guards.ts'
import { paths } from './paths.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ web: true })
})
afterAll(() => t?.close())

const indexHtml = () => readFileSync(path.join(paths.webDist, 'index.html'), 'utf8')
/** The JS and CSS index.html loads up front (its script, stylesheet and module preloads). */
const entryAssets = () => [...indexHtml().matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
const get = (url: string, headers: Record<string, string> = {}) => t.app.server.inject({ method: 'GET', url, headers })
const decode = { br: brotliDecompressSync, gzip: gunzipSync } as const

describe('the web app as delivered', () => {
  it('sends HTML, JS and CSS compressed with brotli or gzip, as the browser asks, and the same bytes as the files', async () => {
    const assets = entryAssets()
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true)
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true)
    for (const url of ['/', '/some.person', ...assets]) {
      const file = url.startsWith('/assets/') ? path.join(paths.webDist, url) : path.join(paths.webDist, 'index.html')
      const plain = readFileSync(file)
      for (const encoding of ['br', 'gzip'] as const) {
        const res = await get(url, { 'accept-encoding': encoding, accept: 'text/html,*/*' })
        expect(res.statusCode, url).toBe(200)
        expect(res.headers['content-encoding'], `${url} in ${encoding}`).toBe(encoding)
        expect(res.headers.vary).toMatch(/accept-encoding/i)
        expect(res.rawPayload.length).toBeLessThan(plain.length)
        expect(decode[encoding](res.rawPayload).equals(plain), url).toBe(true)
      }
      // Brotli first when both are acceptable; a client asking for neither gets the file as it is.
      expect((await get(url, { 'accept-encoding': 'gzip, deflate, br, zstd', accept: 'text/html,*/*' })).headers['content-encoding']).toBe('br')
      const identity = await get(url, { accept: 'text/html' })
      expect(identity.headers['content-encoding']).toBeUndefined()
      expect(identity.rawPayload.equals(plain)).toBe(true)
    }
  })

  it('compresses API answers too', async () => {
    // A batch, so the answer is over the 1 KB below which compressing does not pay.
    const calls = Array.from({ length: 6 }, () => 'meta.limits').join(',')
    const res = await get(`/trpc/${calls}?batch=1&input=%7B%7D`, { 'accept-encoding': 'br' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    const answers = JSON.parse(brotliDecompressSync(res.rawPayload).toString()) as { result: { data: unknown } }[]
    expect(answers).toHaveLength(6)
    expect(answers[0]!.result.data).toBeTruthy()
  })

  it("keeps a mutation's status when its answer is compressed", async () => {
    const res = await t.app.server.inject({
      method: 'POST',
      url: '/trpc/post.like',
      headers: { authorization: 'Bearer forged-token-000000000000', 'content-type': 'application/json', 'accept-encoding': 'br' },
      payload: '{"id":"x123"}',
    })
    expect(res.statusCode).toBe(401)
    expect(res.headers['content-encoding']).toBe('br')
    expect(JSON.parse(brotliDecompressSync(res.rawPayload).toString()).error.data.code).toBe('UNAUTHORIZED')
  })

  it('caches fingerprinted assets for a year as immutable, and asks again for index.html every time', async () => {
    for (const url of entryAssets()) {
      for (const encoding of ['br', 'gzip', 'identity']) {
        expect((await get(url, { 'accept-encoding': encoding })).headers['cache-control'], url).toBe('public, max-age=31536000, immutable')
      }
    }
    for (const url of ['/', '/t/sunset', '/p/00000000-0000-7000-8000-000000000000']) {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'br' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/text\/html/)
      expect(res.headers['cache-control']).toBe('no-cache')
      expect(res.headers['cache-control']).not.toMatch(/immutable|max-age=[1-9]/)
    }
  })

  it('loads pages other than the first ones as separate chunks, fetched only when opened', async () => {
    const files = readdirSync(path.join(paths.webDist, 'assets'))
    const entry = entryAssets().map((a) => path.basename(a))
    for (const page of ['ExplorePage', 'ProfilePage', 'PostPage', 'SettingsPage', 'TagPage', 'NewPostPage', 'NotificationsPage', 'SearchPage']) {
      const chunk = files.find((f) => f.startsWith(`${page}-`) && f.endsWith('.js'))
      expect(chunk, page).toBeDefined()
      expect(entry).not.toContain(chunk)
      expect((await get(`/assets/${chunk}`)).statusCode).toBe(200)
    }
  })

  it('paints the frame from the HTML before any script, and the CSP allows each inline script by its hash', async () => {
    const res = await get('/', { accept: 'text/html' })
    const html = res.body
    // The frame (wordmark and bars) sits inside #root, styled by the stylesheet linked in <head>.
    expect(html).toMatch(/<div id="root">[\s\S]*Mosaic[\s\S]*<\/div>/)
    expect(html).toMatch(/<link rel="stylesheet"[^>]*href="\/assets\/[^"]+\.css"/)
    const csp = res.headers['content-security-policy'] as string
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
    expect(inline.length).toBeGreaterThan(0)
    for (const body of inline) {
      const hash = `sha256-${createHash('sha256').update(body).digest('base64')}`
      expect(INLINE_SCRIPT_HASHES).toContain(hash)
      expect(csp).toContain(`'${hash}'`)
    }
    expect(csp).not.toContain('unsafe-inline')
  })
})
