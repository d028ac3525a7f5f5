// Link previews over real HTTP: a post, profile or tag page asked for as HTML carries Open Graph
// and Twitter card tags for public content, and nothing for private, blocked or missing content.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escapeHtml } from './http/share-meta.ts'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

type Person = Awaited<ReturnType<TestApp['user']>>

let t: TestApp
let base: string
let author: Person
let privateAuthor: Person
let publicPost: string
let privatePost: string
let hostilePost: string
const hostile = `"><script>alert(1)</script><meta property="og:title" content="pwned" /> & 'quotes' #menuog`

async function postBy(owner: Person, photo: string, caption: string) {
  const form = new FormData()
  form.append('files', new File([readFileSync(path.join(FIXTURES, photo))], photo))
  form.append('caption', caption)
  form.append('alt', 'Pink flowers in a vase')
  return (await owner.api.post.create(form)).id
}

const html = async (url: string) => {
  const res = await fetch(`${base}${url}`, { headers: { accept: 'text/html' } })
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
}
const meta = (body: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(body)?.[1] ?? null
const ogTags = (body: string) => body.match(/<meta (property|name)="(og|twitter):/g) ?? []

beforeAll(async () => {
  t = await startTestApp({ web: true })
  base = await t.listen()
  author = await t.user('og.author')
  privateAuthor = await t.user('og.private')
  await author.api.user.update({ displayName: 'Ada <b>Lovelace</b>', bio: 'Photos of #gardens & more' })
  publicPost = await postBy(author, 'flowers.jpeg', 'Spring is here #menuog')
  hostilePost = await postBy(author, 'Landscape_1.jpg', hostile)
  privatePost = await postBy(privateAuthor, 'Landscape_9.jpg', 'secret #menuog')
  await privateAuthor.api.user.update({ isPrivate: true })
})
afterAll(() => t.close())

describe('link previews', () => {
  it('a public post: title, caption, the large photo’s absolute URL, its address and a large card', async () => {
    const res = await html(`/p/${publicPost}`)
    expect(res.status).toBe(200)
    expect(res.type).toMatch(/text\/html/)
    expect(res.body).toContain('<div id="root">')
    expect(meta(res.body, 'og:title')).toBe('Ada &lt;b&gt;Lovelace&lt;/b&gt; (@og.author) on Mosaic')
    expect(meta(res.body, 'og:description')).toBe('Spring is here #menuog')
    expect(meta(res.body, 'og:url')).toBe(`${base}/p/${publicPost}`)
    expect(meta(res.body, 'twitter:card')).toBe('summary_large_image')
    expect(meta(res.body, 'og:image:alt')).toBe('Pink flowers in a vase')
    const post = await (await t.caller()).post.byId({ id: publicPost })
    expect(meta(res.body, 'og:image')).toBe(new URL(post.media[0]!.urls.large, base).href)
    // the image really is there for a crawler without a session
    expect((await fetch(meta(res.body, 'og:image')!)).status).toBe(200)
  })

  it('a private post, a missing one and a malformed id get the plain shell', async () => {
    for (const url of [`/p/${privatePost}`, '/p/0190c8a0-0000-7000-8000-000000000000', '/p/not-an-id']) {
      const res = await html(url)
      expect(res.status, url).toBe(200)
      expect(res.body, url).toContain('<div id="root">')
      expect(ogTags(res.body), url).toEqual([])
      expect(res.body, url).not.toContain('secret')
    }
  })

  it('a private post stays bare even when its follower pastes the link with their session', async () => {
    const follower = await t.user('og.follower')
    await follower.api.user.follow({ username: privateAuthor.username })
    await privateAuthor.api.user.approveFollow({ username: follower.username })
    const res = await fetch(`${base}/p/${privatePost}`, { headers: { accept: 'text/html', authorization: `Bearer ${follower.token}` } })
    expect(ogTags(await res.text())).toEqual([])
  })

  it('a hostile caption is escaped everywhere it lands', async () => {
    const res = await html(`/p/${hostilePost}`)
    expect(res.body).not.toContain('<script>alert(1)')
    expect(res.body).not.toContain('content="pwned"')
    expect(meta(res.body, 'og:description')).toBe(escapeHtml(hostile))
    expect(res.body).toContain(`<meta name="description" content="${escapeHtml(hostile)}" />`)
    // exactly one og:title: the injected one is text inside an attribute
    expect(res.body.match(/<meta property="og:title"/g)).toHaveLength(1)
  })

  it('a public profile: name, counts and bio; a private or unknown one: nothing', async () => {
    const res = await html(`/${author.username}`)
    expect(meta(res.body, 'og:title')).toBe('Ada &lt;b&gt;Lovelace&lt;/b&gt; (@og.author) • Mosaic')
    expect(meta(res.body, 'og:description')).toBe('0 followers, 2 posts — Photos of #gardens &amp; more')
    expect(meta(res.body, 'og:url')).toBe(`${base}/og.author`)
    expect(res.body).toContain('<title>Ada &lt;b&gt;Lovelace&lt;/b&gt; (@og.author) • Mosaic</title>')
    for (const url of [`/${privateAuthor.username}`, '/nobody_at_all', '/explore', '/settings']) {
      expect(ogTags((await html(url)).body), url).toEqual([])
    }
  })

  it('a tag page: its count and a public photo; never the private post’s', async () => {
    const res = await html('/t/menuog')
    expect(meta(res.body, 'og:title')).toBe('#menuog on Mosaic')
    expect(meta(res.body, 'og:description')).toMatch(/^\d posts tagged #menuog$/)
    expect(meta(res.body, 'og:url')).toBe(`${base}/t/menuog`)
    const privateLarge = (await privateAuthor.api.post.byId({ id: privatePost })).media[0]!.urls.large.split('?')[0]!
    expect(meta(res.body, 'og:image')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\//)
    expect(meta(res.body, 'og:image')).not.toContain(privateLarge)
    expect(ogTags((await html('/t/nosuchtagatall')).body)).toEqual([])
  })

  it('JSON clients and API paths are untouched', async () => {
    const res = await fetch(`${base}/p/${publicPost}`, { headers: { accept: 'application/json' } })
    expect(res.status).toBe(404)
  })
})
