// user.setAvatar / user.removeAvatar end to end: the streaming upload, the sizes served, every summary
// that shows the avatar (with Redis caches warm), privacy, refusals, and the sweep.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { eq, schema } from '@mosaic/db'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, httpClient, startTestApp, type TestApp } from './testing/harness.ts'

type Summary = { id: string; username: string; avatarUrl: string | null; avatar: { small: string; large: string } | null }
type Person = Awaited<ReturnType<TestApp['user']>>

let t: TestApp
let base: string
beforeAll(async () => {
  // 1 MB uploads, so an oversize file is cheap to make; Redis, so the author caches are real.
  t = await startTestApp({ redis: true, env: { MAX_UPLOAD_MB: '1' } })
  base = await t.listen()
})
afterAll(() => t?.close())

const fixture = (name: string) => readFileSync(path.join(FIXTURES, name))
const avatarForm = (name: string, data: Buffer = fixture(name), fields: Record<string, string> = {}, field = 'file') => {
  const f = new FormData()
  f.append(field, new Blob([new Uint8Array(data)]), name)
  for (const [k, v] of Object.entries(fields)) f.append(k, v)
  return f
}
const postForm = () => {
  const f = new FormData()
  f.append('files', new File([fixture('hopper.gif')], 'hopper.gif'))
  return f
}
const upload = (who: Person | null, form: FormData) => httpClient(base, who?.token).upload('user.setAvatar', form)
const keyOf = (url: string) => url.replace(/^\/media\//, '')
const avatarBlobs = async () => {
  const keys: string[] = []
  for await (const b of t.app.deps.storage.list('avatars/')) keys.push(b.key)
  return keys.sort()
}
const avatarKeyInDb = async (id: string) =>
  (await t.app.engines.db.db.select({ key: schema.users.avatarKey }).from(schema.users).where(eq(schema.users.id, id)))[0]?.key ?? null
const urlsOf = (s: Summary) => [s.avatar!.small, s.avatarUrl!, s.avatar!.large]

describe('setting a profile picture', () => {
  it('streams the photo and serves it at 48, 96 and 320 px, square, immutable, with no metadata', async () => {
    const alice = await t.user()
    const res = await upload(alice, avatarForm('Landscape_9.jpg'))
    expect(res.status, JSON.stringify(res.body.error)).toBe(200)
    const me = res.body.result!.data as Summary
    expect(me).toMatchObject({ id: alice.id, username: alice.username })
    expect(me.avatarUrl).toMatch(/^\/media\/avatars\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}-96\.webp$/)
    expect(me.avatar).toEqual({ small: me.avatarUrl!.replace('-96.', '-48.'), large: me.avatarUrl!.replace('-96.', '-320.') })
    for (const [url, side] of [[me.avatar!.small, 48], [me.avatarUrl!, 96], [me.avatar!.large, 320]] as const) {
      const got = await httpClient(base).get(url)
      expect(got.status).toBe(200)
      expect(got.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      const meta = await sharp(Buffer.from(await got.arrayBuffer())).metadata()
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'webp', width: side, height: side })
      expect(meta.exif).toBeUndefined()
      expect(meta.xmp).toBeUndefined()
      expect(meta.iptc).toBeUndefined()
    }
    expect(await alice.api.auth.me()).toEqual({ ...me, isAdmin: false })
  })

  it('honours EXIF orientation and the crop box, in the upright photo', async () => {
    const bob = await t.user()
    const crop = JSON.stringify({ x: 150, y: 0, size: 450 })
    // The avatar's 320 px pixels, shrunk to 8×8 grey, fetched before the next one replaces it.
    const tiny = async (name: string) => {
      const res = await upload(bob, avatarForm(name, undefined, { crop }))
      expect(res.status, JSON.stringify(res.body.error)).toBe(200)
      const got = await httpClient(base).get((res.body.result!.data as Summary).avatar!.large)
      return sharp(Buffer.from(await got.arrayBuffer())).resize(8, 8, { fit: 'fill' }).greyscale().raw().toBuffer()
    }
    // Landscape_6 is stored 450×600 sideways and is 600×450 upright: this box fits only the upright
    // photo. Landscape_1 is the same photo stored upright (slightly brighter): the crops look alike.
    const sideways = await tiny('Landscape_6.jpg')
    const upright = await tiny('Landscape_1.jpg')
    const diff = sideways.reduce((sum, v, i) => sum + Math.abs(v - upright[i]!), 0) / 64
    expect(diff).toBeLessThan(24)
    // The control: the crop from the other end of the photo looks clearly different.
    const res = await upload(bob, avatarForm('Landscape_1.jpg', undefined, { crop: JSON.stringify({ x: 0, y: 0, size: 450 }) }))
    const got = await httpClient(base).get((res.body.result!.data as Summary).avatar!.large)
    const other = await sharp(Buffer.from(await got.arrayBuffer())).resize(8, 8, { fit: 'fill' }).greyscale().raw().toBuffer()
    expect(other.reduce((sum, v, i) => sum + Math.abs(v - upright[i]!), 0) / 64).toBeGreaterThan(diff)
  })

  it('stores one copy of the same picture, whoever sets it', async () => {
    const [c, d] = await Promise.all([t.user(), t.user()])
    const first = (await c.api.user.setAvatar(avatarForm('swiss.png'))) as Summary
    const before = await avatarBlobs()
    const second = (await d.api.user.setAvatar(avatarForm('swiss.png'))) as Summary
    expect(second.avatarUrl).toBe(first.avatarUrl)
    expect(await avatarBlobs()).toEqual(before)
  })

  it('is public, also for a private account, and to someone the owner blocked', async () => {
    const owner = await t.user(undefined, { isPrivate: true })
    const stranger = await t.user()
    await owner.api.user.block({ username: stranger.username })
    const me = (await owner.api.user.setAvatar(avatarForm('flowers.jpeg'))) as Summary
    for (const url of urlsOf(me)) expect((await httpClient(base).get(url)).status).toBe(200)
    const seen = await (await t.user()).api.user.byUsername({ username: owner.username })
    expect(seen).toMatchObject({ avatarUrl: me.avatarUrl, avatar: me.avatar, isPrivate: true })
  })

  it('goes back to initials on removeAvatar, and the old URLs stop being served', async () => {
    const eve = await t.user()
    const me = (await eve.api.user.setAvatar(avatarForm('hopper.gif'))) as Summary
    const removed = await eve.api.user.removeAvatar()
    expect(removed).toMatchObject({ id: eve.id, avatarUrl: null, avatar: null })
    expect(await eve.api.user.byUsername({ username: eve.username })).toMatchObject({ avatarUrl: null, avatar: null })
    for (const url of urlsOf(me)) expect((await httpClient(base).get(url)).status).toBe(403)
  })
})

describe('refusals change nothing', () => {
  let frank: Person
  let before: { key: string | null; blobs: string[] }
  beforeAll(async () => {
    frank = await t.user()
    await frank.api.user.setAvatar(avatarForm('concert.jpg'))
  })
  const snapshot = async () => ({ key: await avatarKeyInDb(frank.id), blobs: await avatarBlobs() })

  it.each([
    ['a crop outside the image', () => avatarForm('concert.jpg', undefined, { crop: JSON.stringify({ x: 300, y: 0, size: 267 }) }), 400, 'BAD_REQUEST'],
    ['a crop that is not JSON', () => avatarForm('concert.jpg', undefined, { crop: '{x: 1' }), 400, 'BAD_REQUEST'],
    ['a crop with fractions', () => avatarForm('concert.jpg', undefined, { crop: JSON.stringify({ x: 0.5, y: 0, size: 10 }) }), 400, 'BAD_REQUEST'],
    ['a truncated JPEG', () => avatarForm('truncated.jpg'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an SVG', () => avatarForm('check.svg'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['PHP behind a GIF header', () => avatarForm('POC_img_phpinfo-CR.gif'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an empty file', () => avatarForm('empty.jpg', Buffer.alloc(0)), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a decompression bomb', () => avatarForm('lottapixel.jpg'), 413, 'PAYLOAD_TOO_LARGE'],
    ['a file over the upload limit', () => avatarForm('big.jpg', Buffer.alloc(1_200_000, 0xff)), 413, 'PAYLOAD_TOO_LARGE'],
    ['a file in a part not named file', () => avatarForm('x.jpg', fixture('concert.jpg'), {}, 'other'), 400, 'BAD_REQUEST'],
    ['no file', () => { const f = new FormData(); f.append('crop', JSON.stringify({ x: 0, y: 0, size: 10 })); return f }, 400, 'BAD_REQUEST'],
    ['two files', () => { const f = avatarForm('concert.jpg'); f.append('file', new Blob([new Uint8Array(fixture('hopper.gif'))]), 'hopper.gif'); return f }, 400, 'BAD_REQUEST'],
  ] as const)('refuses %s', async (_, make, status, code) => {
    before = await snapshot()
    const res = await upload(frank, make())
    expect(res.status, JSON.stringify(res.body.error)).toBe(status)
    expect(res.body.error!.data.code).toBe(code)
    expect(await snapshot()).toEqual(before)
  })

  it('refuses someone signed out before reading the photo', async () => {
    before = await snapshot()
    const res = await upload(null, avatarForm('concert.jpg'))
    expect(res.status).toBe(401)
    expect(await snapshot()).toEqual(before)
    await expect((await t.caller()).user.removeAvatar()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })
})

describe('every summary shows the new picture at once', () => {
  it('in the feed, on the post, in comments, likers, follower lists and notifications, with Redis caches warm', async () => {
    const [author, reader] = await Promise.all([t.user(), t.user()])
    await reader.api.user.follow({ username: author.username })
    await author.api.user.follow({ username: reader.username })
    const post = await author.api.post.create(postForm())
    await t.app.deps.queue.drain()
    await author.api.comment.add({ postId: post.id, text: 'mine' })
    await reader.api.post.like({ id: post.id })
    await t.app.deps.queue.drain()

    // Warm every cache, then show they are warm: a name changed behind the app's back is not seen yet.
    const authorIn = async () => (await reader.api.feed.home({ mode: 'latest' })).items.find((p) => p.id === post.id)!.author
    expect(await authorIn()).toMatchObject({ avatarUrl: null, avatar: null })
    await t.app.deps.queue.drain() // the reader's timeline, rebuilt by the worker after that first read
    expect(await authorIn()).toMatchObject({ avatarUrl: null, avatar: null })
    await t.app.engines.db.db.update(schema.users).set({ displayName: 'Behind the back' }).where(eq(schema.users.id, author.id))
    expect((await authorIn()).displayName).not.toBe('Behind the back')

    const authorNow = (await author.api.user.setAvatar(avatarForm('flowers.jpeg'))) as Summary
    const readerNow = (await reader.api.user.setAvatar(avatarForm('hopper.gif'))) as Summary
    const pick = (s: Summary) => ({ avatarUrl: s.avatarUrl, avatar: s.avatar })
    expect(pick(await authorIn())).toEqual(pick(authorNow))
    expect((await authorIn()).displayName).toBe('Behind the back')
    expect(pick((await reader.api.feed.home({ mode: 'top' })).items.find((p) => p.id === post.id)!.author)).toEqual(pick(authorNow))
    expect(pick((await reader.api.post.byId({ id: post.id })).author)).toEqual(pick(authorNow))
    expect(pick((await reader.api.post.byUser({ username: author.username })).items[0]!.author)).toEqual(pick(authorNow))
    expect(pick((await reader.api.comment.list({ postId: post.id })).items[0]!.author)).toEqual(pick(authorNow))
    expect(pick((await author.api.post.likers({ id: post.id })).items[0]!)).toEqual(pick(readerNow))
    expect(pick((await author.api.user.followers({ username: author.username })).items[0]!)).toEqual(pick(readerNow))
    const notes = (await author.api.notification.list({})).items.filter((n) => n.actor.id === reader.id)
    expect(notes.length).toBeGreaterThan(0)
    for (const n of notes) expect(pick(n.actor)).toEqual(pick(readerNow))
  })
})

describe('the sweep', () => {
  it('collects a replaced or removed picture once it is past the grace period, and keeps pictures in use', async () => {
    const { posts } = await import('@mosaic/core')
    const [gina, hal] = await Promise.all([t.user(), t.user()])
    const old = (await gina.api.user.setAvatar(avatarForm('bggn4a16.png'))) as Summary
    const shared = (await hal.api.user.setAvatar(avatarForm('p3.png'))) as Summary
    const current = (await gina.api.user.setAvatar(avatarForm('p3.png'))) as Summary
    expect(current.avatarUrl).toBe(shared.avatarUrl)

    await posts.sweepOrphans(t.app.deps)
    for (const url of urlsOf(old)) expect(await t.app.deps.storage.exists(keyOf(url))).toBe(true)

    const later = new Date(Date.now() + 7 * 3600 * 1000)
    await posts.sweepOrphans(t.app.deps, { now: later })
    for (const url of urlsOf(old)) expect(await t.app.deps.storage.exists(keyOf(url))).toBe(false)
    for (const url of urlsOf(current)) expect(await t.app.deps.storage.exists(keyOf(url))).toBe(true)

    // Still Hal's after Gina lets it go.
    await gina.api.user.removeAvatar()
    await posts.sweepOrphans(t.app.deps, { now: later })
    for (const url of urlsOf(current)) expect((await httpClient(base).get(url)).status).toBe(200)
    await hal.api.user.removeAvatar()
    await posts.sweepOrphans(t.app.deps, { now: later })
    for (const url of urlsOf(current)) expect(await t.app.deps.storage.exists(keyOf(url))).toBe(false)
  })
})
