// The feed's first load over HTTP: `/` asked for as HTML with a session cookie carries the viewer's
// own data (auth.me, the feed's first page, the first photo's preload), escaped so that nobody's
// text can break out of it, private and never stored; anyone else gets the plain, cacheable file.
// Needs `pnpm build` (apps/web/dist).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from './http/context.ts'
import { FIRST_LOAD_ELEMENT_ID, scriptSafeJson, type FirstLoad } from './http/first-load.html.ts'
import { paths } from './paths.ts'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

type Person = Awaited<ReturnType<TestApp['user']>>

let t: TestApp
let alice: Person // follows only a private account
let bob: Person // follows only a public account, whose caption and alt are hostile
let privatePost: string
let hostilePost: string
const hostile = `</script><script>alert(1)</script><!-- "quotes" & 'more' \u2028 </SCRIPT >`

async function postBy(owner: Person, photo: string, caption: string, alt = '') {
  const form = new FormData()
  form.append('files', new File([readFileSync(path.join(FIXTURES, photo))], photo))
  form.append('caption', caption)
  if (alt) form.append('alt', alt)
  return (await owner.api.post.create(form)).id
}

const home = (cookie?: string, url = '/') =>
  t.app.server.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}) } })

/** The embedded JSON, read back as the browser's JSON.parse would. */
function embedded(html: string): FirstLoad | null {
  const m = new RegExp(`<script type="application/json" id="${FIRST_LOAD_ELEMENT_ID}">([\\s\\S]*?)</script>`).exec(html)
  return m ? (JSON.parse(m[1]!) as FirstLoad) : null
}
const preloadOf = (html: string) => /<link rel="preload" as="image" fetchpriority="high" href="([^"]+)" imagesrcset="([^"]+)"/.exec(html)
const unescapeAttr = (s: string) => s.replace(/&amp;/g, '&')

beforeAll(async () => {
  t = await startTestApp({ web: true })
  const privateAuthor = await t.user('fl.private', { isPrivate: true })
  const publicAuthor = await t.user('fl.public')
  alice = await t.user('fl.alice')
  bob = await t.user('fl.bob')
  privatePost = await postBy(privateAuthor, 'flowers.jpeg', 'only for followers #flsecret')
  hostilePost = await postBy(publicAuthor, 'Landscape_1.jpg', hostile, hostile)
  await alice.api.user.follow({ username: privateAuthor.username })
  await privateAuthor.api.user.approveFollow({ username: alice.username })
  await bob.api.user.follow({ username: publicAuthor.username })
})
afterAll(() => t?.close())

describe("the feed's first load", () => {
  it("embeds the viewer's own session and feed page, with the private photo's URL signed and preloaded", async () => {
    const res = await home(alice.token)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.headers['cache-control']).toBe('private, no-store')
    expect(res.headers.vary).toMatch(/cookie/i)
    const data = embedded(res.body)
    expect(data?.me.username).toBe('fl.alice')
    expect(data?.limits).toEqual(await (await t.caller()).meta.limits())
    // Exactly what the viewer's own call answers (the app's first page: Top, 10).
    expect(data?.feed.input).toEqual({ mode: 'top', limit: 10 })
    const own = await alice.api.feed.home({ mode: 'top', limit: 10 })
    expect(data?.feed.page.items.map((p) => p.id)).toEqual(own.items.map((p) => p.id))
    expect(data?.feed.page.items.map((p) => p.id)).toEqual([privatePost])
    const media = data!.feed.page.items[0]!.media[0]!
    expect(media.urls.large).toMatch(/\?exp=\d+&sig=/)
    // The preload and the photo drawn in the frame name the same signed files as the app's srcset.
    const preload = preloadOf(res.body)
    expect(unescapeAttr(preload![1]!)).toBe(media.urls.small)
    expect(unescapeAttr(preload![2]!)).toBe(`${media.urls.thumb} 320w, ${media.urls.small} 640w, ${media.urls.large} 1080w`)
    expect(res.body).toMatch(/<div id="root">[\s\S]*<img id="mosaic-first-photo" src="[^"]+&amp;sig=/)
    // The signed URL the page names really loads.
    const photo = await t.app.server.inject({ method: 'GET', url: media.urls.small })
    expect(photo.statusCode).toBe(200)
  })

  it('is sent compressed as the browser asks, the same page either way', async () => {
    const plain = (await home(alice.token)).body
    for (const [encoding, decode] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
      const res = await t.app.server.inject({ method: 'GET', url: '/', headers: { accept: 'text/html', 'accept-encoding': encoding, cookie: `${SESSION_COOKIE}=${alice.token}` } })
      expect(res.headers['content-encoding']).toBe(encoding)
      expect(res.headers['cache-control']).toBe('private, no-store')
      // Signed URLs carry their expiry, which moves with the clock's second: compare what the page says.
      expect(embedded(decode(res.rawPayload).toString())?.feed.page.items.map((p) => p.id)).toEqual(embedded(plain)?.feed.page.items.map((p) => p.id))
    }
  })

  it('the same page with ?mode=latest embeds the Latest page', async () => {
    expect(embedded((await home(alice.token, '/?mode=latest')).body)?.feed.input).toEqual({ mode: 'latest', limit: 10 })
  })

  it("another viewer's cookie gets that viewer's page, with nothing of the first one's", async () => {
    const res = await home(bob.token)
    const data = embedded(res.body)
    expect(data?.me.username).toBe('fl.bob')
    expect(data?.feed.page.items.map((p) => p.id)).toEqual([hostilePost])
    expect(res.body).not.toContain(privatePost)
    expect(res.body).not.toContain('flsecret')
    expect(res.body).not.toContain('fl.alice')
  })

  it('escapes the JSON so a caption cannot close the script, and reads back the same text', async () => {
    const res = await home(bob.token)
    const m = new RegExp(`<script type="application/json" id="${FIRST_LOAD_ELEMENT_ID}">([\\s\\S]*?)</script>`).exec(res.body)
    const text = m![1]!
    expect(text).not.toMatch(/[<>]/)
    expect(res.body).not.toContain('<script>alert(1)')
    expect(res.body).not.toMatch(/<\/script\s*>\s*<script>alert/i)
    const post = embedded(res.body)!.feed.page.items[0]!
    expect(post.caption).toBe(hostile)
    // The alt text in the drawn photo is HTML-escaped too.
    expect(res.body).toContain('alt="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- &quot;quotes&quot; &amp; &#39;more&#39;')
    expect(JSON.parse(scriptSafeJson({ s: hostile })).s).toBe(hostile)
  })

  it('a visitor without a session, with a stale cookie or with a bearer token gets the plain, cacheable file', async () => {
    const plain = readFileSync(path.join(paths.webDist, 'index.html'), 'utf8')
    const anonymous = await home()
    const stale = await home('no-such-session-0000000000000000')
    const bearer = await t.app.server.inject({ method: 'GET', url: '/', headers: { accept: 'text/html', authorization: `Bearer ${alice.token}` } })
    for (const res of [anonymous, stale, bearer]) {
      expect(res.statusCode).toBe(200)
      expect(res.body).toBe(plain)
      expect(res.headers['cache-control']).toBe('no-cache')
      expect(res.body).not.toContain(FIRST_LOAD_ELEMENT_ID)
    }
    // The stale cookie is cleared, as any call with it would.
    expect(String(stale.headers['set-cookie'])).toMatch(new RegExp(`${SESSION_COOKIE}=;`))
  })

  it("loads the app's code after the first photo, through a script the CSP allows", async () => {
    const res = await home(alice.token)
    const plain = readFileSync(path.join(paths.webDist, 'index.html'), 'utf8')
    const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(plain)![1]!
    expect(res.body).toContain(`<meta name="mosaic-app-script" content="${entry}" />`)
    expect(res.body).not.toContain(`src="${entry}"`)
    expect(res.body).toContain('<script src="/load-app.js" defer></script>')
    expect((await t.app.server.inject({ method: 'GET', url: '/load-app.js' })).statusCode).toBe(200)
  })
})
