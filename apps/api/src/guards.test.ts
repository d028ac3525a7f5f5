// Request-level guards that apply to every route: the Origin check (CSRF), the batch cap, the
// session cookie's Secure flag, the security headers and who may read /metrics.
import { createServer } from 'node:net'
import sharp from 'sharp'
import { startS3rver } from '@mosaic/storage/testing'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'

type Person = Awaited<ReturnType<TestApp['user']>>
type Answer = { error?: { message: string; data: { code: string; httpStatus: number } }; result?: { data: unknown } }

const EVIL = 'http://evil.example'

let t: TestApp
let base: string
let origin: string
beforeAll(async () => {
  // The defaults: no PUBLIC_URL (the request's own host), TRPC_MAX_BATCH 20, no METRICS_TOKEN / METRICS_PORT.
  t = await startTestApp()
  base = await t.listen()
  origin = new URL(base).origin
})
afterAll(() => t.close())

const jpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } }).jpeg().toBuffer()
const uploadForm = async () => {
  const f = new FormData()
  f.append('files', new Blob([new Uint8Array(await jpeg())], { type: 'image/jpeg' }), 'red.jpg')
  f.append('caption', 'sent from somewhere else')
  return f
}
const countPosts = async () => (await t.app.engines.db.db.query.posts.findMany({ columns: { id: true } })).length

/** A browser-like request: the session cookie and whatever Origin / Sec-Fetch-Site the page's browser sent. */
async function send(path: string, opts: { cookie?: string; bearer?: string; origin?: string; site?: string; body?: unknown; form?: FormData; method?: string } = {}) {
  const headers: Record<string, string> = {}
  if (opts.cookie) headers.cookie = `mosaic_session=${opts.cookie}`
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`
  if (opts.origin) headers.origin = opts.origin
  if (opts.site) headers['sec-fetch-site'] = opts.site
  if (!opts.form) headers['content-type'] = 'application/json'
  const res = await fetch(`${base}/trpc/${path}`, {
    method: opts.method ?? 'POST',
    headers,
    body: opts.form ?? (opts.method === 'GET' ? undefined : JSON.stringify(opts.body ?? {})),
  })
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer }
}

/** The follow notification is written by a job: wait until it is there, unread. */
const unreadArrives = (p: Person) =>
  vi.waitFor(async () => expect((await p.api.notification.unreadCount()).count).toBeGreaterThan(0), { timeout: 5000, interval: 50 })

const me = async (token: string) => (await send('auth.me', { cookie: token, method: 'GET' })).body.result?.data as { username: string } | null

describe('CSRF: cookie-authenticated changes must come from our own origin', () => {
  let alice: Person
  let bob: Person
  beforeAll(async () => {
    alice = await t.user()
    bob = await t.user()
    await bob.api.user.follow({ username: alice.username })
    await unreadArrives(alice)
  })

  it('refuses a multipart post.create with the cookie from another origin, and creates no post', async () => {
    const before = await countPosts()
    const res = await send('post.create', { cookie: alice.token, origin: EVIL, form: await uploadForm() })
    expect(res.status).toBe(403)
    expect(res.body.error?.data.code).toBe('FORBIDDEN')
    expect(await countPosts()).toBe(before)
  })

  it('refuses signOut and markRead from another origin, and changes nothing', async () => {
    const out = await send('auth.signOut', { cookie: alice.token, origin: EVIL })
    expect(out.status).toBe(403)
    expect(out.body.error?.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 })
    expect((await me(alice.token))?.username).toBe(alice.username)

    const read = await send('notification.markRead', { cookie: alice.token, origin: EVIL, body: {} })
    expect(read.status).toBe(403)
    expect((await alice.api.notification.unreadCount()).count).toBeGreaterThan(0)
  })

  it('refuses Sec-Fetch-Site: cross-site, and a cookie mutation with neither Origin nor Sec-Fetch-Site', async () => {
    expect((await send('notification.markRead', { cookie: alice.token, site: 'cross-site', body: {} })).status).toBe(403)
    expect((await send('notification.markRead', { cookie: alice.token, body: {} })).status).toBe(403)
    expect((await alice.api.notification.unreadCount()).count).toBeGreaterThan(0)
  })

  it('refuses sign-in and sign-up posted from another origin (login CSRF)', async () => {
    const signIn = await send('auth.signIn', { origin: EVIL, body: { login: alice.username, password: 'correct horse battery' } })
    expect(signIn.status).toBe(403)
    expect(signIn.headers.get('set-cookie')).toBeNull()
    const signUp = await send('auth.signUp', { origin: EVIL, site: 'cross-site', body: { username: 'csrf_made', email: 'csrf@example.test', password: 'long enough pw' } })
    expect(signUp.status).toBe(403)
  })

  it('accepts the same requests from our own origin, from Sec-Fetch-Site same-origin, and bearer calls from anywhere', async () => {
    const carol = await t.user()
    await bob.api.user.follow({ username: carol.username })
    await unreadArrives(carol)
    expect((await send('notification.markRead', { cookie: carol.token, origin, site: 'same-origin', body: {} })).status).toBe(200)
    expect((await carol.api.notification.unreadCount()).count).toBe(0)
    expect((await send('notification.markRead', { cookie: carol.token, site: 'same-origin', body: {} })).status).toBe(200)

    const before = await countPosts()
    expect((await send('post.create', { cookie: carol.token, origin, form: await uploadForm() })).status).toBe(200)
    expect((await send('post.create', { bearer: carol.token, origin: EVIL, form: await uploadForm() })).status).toBe(200)
    expect(await countPosts()).toBe(before + 2)

    expect((await send('notification.markRead', { bearer: carol.token, origin: EVIL, site: 'cross-site', body: {} })).status).toBe(200)
    expect((await send('auth.signIn', { origin, body: { login: carol.username, password: 'correct horse battery' } })).status).toBe(200)
    // A script without a browser (no Origin, no cookie) can still sign in and get a token.
    expect((await send('auth.signIn', { body: { login: carol.username, password: 'correct horse battery' } })).status).toBe(200)

    expect((await send('auth.signOut', { cookie: carol.token, origin })).status).toBe(200)
    expect(await me(carol.token)).toBeNull()
  })

  it('checks against PUBLIC_URL when set, and the forwarded scheme and host behind a trusted proxy', async () => {
    const proxied = await startTestApp({ env: { TRUST_PROXY: 'true' } })
    const fixed = await startTestApp({ env: { PUBLIC_URL: 'https://photos.example.org' } })
    try {
      const inject = (app: TestApp, headers: Record<string, string>) =>
        app.app.server.inject({ method: 'POST', url: '/trpc/auth.signIn', headers: { 'content-type': 'application/json', ...headers }, payload: { login: 'nobody', password: 'x' } })
      // 401 (wrong password) means the guard let it through.
      expect((await inject(proxied, { host: 'photos.example.org', 'x-forwarded-proto': 'https', origin: 'https://photos.example.org' })).statusCode).toBe(401)
      expect((await inject(proxied, { host: 'photos.example.org', 'x-forwarded-proto': 'https', origin: 'http://photos.example.org' })).statusCode).toBe(403)
      expect((await inject(fixed, { host: 'internal:3000', origin: 'https://photos.example.org' })).statusCode).toBe(401)
      expect((await inject(fixed, { host: 'internal:3000', origin: 'http://internal:3000' })).statusCode).toBe(403)
    } finally {
      await proxied.close()
      await fixed.close()
    }
  })
})

describe('batch cap', () => {
  const batchGet = (n: number, token: string) =>
    t.app.server.inject({
      url: `/trpc/${Array.from({ length: n }, () => 'auth.me').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`,
      headers: { authorization: `Bearer ${token}` },
    })

  it('answers a GET batch over the default 20 with one clear BAD_REQUEST, and runs 20', async () => {
    const u = await t.user()
    const ok = await batchGet(20, u.token)
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toHaveLength(20)
    const res = await batchGet(600, u.token)
    expect(res.statusCode).toBe(400)
    const body = res.json() as Answer
    expect(body.error?.data.code).toBe('BAD_REQUEST')
    expect(body.error?.message).toMatch(/at most 20/)
  })

  it('refuses a POST batch over the limit before running any of it', async () => {
    const u = await t.user()
    const n = 21
    const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), { bio: `changed ${i}` }]))
    const res = await t.app.server.inject({
      method: 'POST',
      url: `/trpc/${Array.from({ length: n }, () => 'user.update').join(',')}?batch=1`,
      headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
      payload: input,
    })
    expect(res.statusCode).toBe(400)
    expect((await u.api.user.byUsername({ username: u.username })).bio).toBe('')
  })
})

describe('cookies and security headers', () => {
  it('marks the session cookie Secure behind a trusted HTTPS proxy, and not for a forged header without TRUST_PROXY', async () => {
    const proxied = await startTestApp({ env: { TRUST_PROXY: 'true' } })
    try {
      const signUp = (app: TestApp, name: string) =>
        app.app.server.inject({
          method: 'POST',
          url: '/trpc/auth.signUp',
          headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', host: 'photos.example.org', origin: 'https://photos.example.org' },
          payload: { username: name, email: `${name}@example.test`, password: 'long enough pw' },
        })
      const behind = await signUp(proxied, 'secure_one')
      expect(behind.cookies.find((c) => c.name === 'mosaic_session')?.secure).toBe(true)
      const direct = await t.app.server.inject({
        method: 'POST',
        url: '/trpc/auth.signUp',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        payload: { username: 'plain_one', email: 'plain_one@example.test', password: 'long enough pw' },
      })
      expect(direct.statusCode).toBe(200)
      expect(direct.cookies.find((c) => c.name === 'mosaic_session')?.secure).toBeFalsy()
    } finally {
      await proxied.close()
    }
  })

  it('sends a CSP with frame-ancestors none, a Referrer-Policy and a Permissions-Policy', async () => {
    const res = await fetch(`${base}/healthz`)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("default-src 'self'")
    expect(csp).toMatch(/script-src 'self'(;| )/)
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers.get('referrer-policy')).toBeTruthy()
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/)
    expect(res.headers.get('permissions-policy')).toMatch(/geolocation=\(self\)/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('lets images and video come from MEDIA_PUBLIC_BASE_URL and from the S3 host /media redirects to', async () => {
    const s3 = await startS3rver()
    const { endPoint, port, accessKey, secretKey, bucket } = s3.config
    const app = await startTestApp({
      env: { S3_ENDPOINT: `http://${endPoint}:${port}`, S3_ACCESS_KEY: accessKey, S3_SECRET_KEY: secretKey, S3_BUCKET: bucket, MEDIA_PUBLIC_BASE_URL: 'https://cdn.example.com/m' },
    })
    try {
      const u = await app.user(undefined, { isPrivate: true })
      const f = new FormData()
      f.append('files', new File([new Uint8Array(await jpeg())], 'red.jpg', { type: 'image/jpeg' }))
      const post = await u.api.post.create(f)
      const res = await app.app.server.inject({ url: post.media[0]!.urls.large })
      expect(res.statusCode).toBe(302)
      const target = new URL(String(res.headers.location)).origin
      const csp = String(res.headers['content-security-policy'])
      const directive = (name: string) => csp.split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0] === name)?.slice(1) ?? []
      for (const name of ['img-src', 'media-src']) {
        expect(directive(name)).toContain(target)
        expect(directive(name)).toContain('https://cdn.example.com')
        expect(directive(name)).toContain("'self'")
        expect(directive(name)).toContain('blob:')
      }
      expect(directive('img-src')).toContain('data:')
    } finally {
      await app.close()
      await s3.stop()
    }
  })
})

describe('/metrics', () => {
  it('by default answers only loopback callers that did not come through a proxy', async () => {
    expect((await t.app.server.inject({ url: '/metrics' })).statusCode).toBe(200)
    expect((await t.app.server.inject({ url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(403)
    expect((await t.app.server.inject({ url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403)
  })

  it('wants the bearer METRICS_TOKEN when one is set, from anywhere', async () => {
    const app = await startTestApp({ env: { METRICS_TOKEN: 'a-long-enough-metrics-token' } })
    try {
      const get = (headers: Record<string, string> = {}) => app.app.server.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers })
      expect((await get()).statusCode).toBe(401)
      expect((await get({ authorization: 'Bearer wrong-token' })).statusCode).toBe(401)
      const ok = await get({ authorization: 'Bearer a-long-enough-metrics-token' })
      expect(ok.statusCode).toBe(200)
      expect(ok.body).toContain('mosaic_http_request_duration_seconds')
    } finally {
      await app.close()
    }
  })

  it('serves it on METRICS_PORT only, when that is set', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port
        s.close(() => resolve(p))
      })
    })
    const app = await startTestApp({ env: { METRICS_PORT: String(port) } })
    try {
      const main = await app.listen()
      expect((await fetch(`${main}/metrics`)).status).toBe(404)
      const res = await fetch(`http://127.0.0.1:${port}/metrics`)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('process_cpu_seconds_total')
    } finally {
      await app.close()
    }
    // Closing the app closes the metrics port too.
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow()
  })
})
