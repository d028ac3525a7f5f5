// A video's bytes as /media serves them: Range answers a player seeks with, the upload as received
// never served, a private account's clips to its approved followers only (signed URLs), and a story
// clip shown to others once it is ready.
import { eq, schema } from '@mosaic/db'
import type { TestClips } from '@mosaic/media/testing'
import { sha256Hex } from '@mosaic/util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient, startTestApp, type TestApp } from './testing/harness.ts'
import { outcome } from './testing/stories.ts'
import { clip, formOf, testClips, transcodeNow } from './testing/video.ts'
import { ROLES, type Role, viewersOf } from './testing/viewers.ts'

const { media } = schema

let t: TestApp
let base: string
let clips: TestClips
let removeClips: () => Promise<void>
beforeAll(async () => {
  t = await startTestApp()
  base = await t.listen()
  ;({ clips, remove: removeClips } = await testClips())
}, 120_000)
afterAll(async () => {
  await t.close()
  await removeClips()
})

const mediaIdOf = async (file: string) => (await t.app.engines.db.db.select({ id: media.id }).from(media).where(eq(media.sha256, sha256Hex(clip(file).data))))[0]!.id

describe('a video over /media', () => {
  let url: string
  let bytes: Buffer
  beforeAll(async () => {
    const owner = await t.user('range.owner')
    const post = await owner.api.post.create(formOf('files', [clip(clips.noAudio)]))
    await transcodeNow(t, await mediaIdOf(clips.noAudio))
    url = (await owner.api.post.byId({ id: post.id })).media[0]!.urls.video!
    bytes = (await t.app.engines.storage.get(url.replace(/^\/media\//, '')))!
  })

  it('is served whole as video/mp4, saying it takes ranges', async () => {
    const res = await fetch(`${base}${url}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('video/mp4')
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('answers a range with 206 and exactly those bytes, a suffix range with the last bytes, and a range past the end with 416', async () => {
    const part = await fetch(`${base}${url}`, { headers: { range: 'bytes=100-199' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`)
    expect(part.headers.get('content-type')).toBe('video/mp4')
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true)

    const tail = await fetch(`${base}${url}`, { headers: { range: 'bytes=-10' } })
    expect(tail.status).toBe(206)
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true)

    const open = await fetch(`${base}${url}`, { headers: { range: `bytes=${bytes.length - 5}-` } })
    expect(open.status).toBe(206)
    expect(open.headers.get('content-range')).toBe(`bytes ${bytes.length - 5}-${bytes.length - 1}/${bytes.length}`)

    const past = await fetch(`${base}${url}`, { headers: { range: `bytes=${bytes.length}-` } })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`)
  })

  it('never serves the upload as received, signed or not', async () => {
    const [row] = await t.app.engines.db.db.select({ sourceKey: media.sourceKey }).from(media).where(eq(media.id, await mediaIdOf(clips.noAudio)))
    expect(row!.sourceKey).toMatch(/^source\//)
    expect(await t.app.engines.storage.exists(row!.sourceKey!)).toBe(true)
    for (const path of [`/media/${row!.sourceKey}`, t.app.deps.urls.signed(row!.sourceKey!)]) {
      const res = await fetch(`${base}${path}`, { headers: { range: 'bytes=0-99' } })
      expect(res.status).toBe(404)
    }
  })
})

describe('the clips of a private account', () => {
  let tokens: Record<Role, string | undefined>
  let postId: string
  let unsigned: string
  beforeAll(async () => {
    const owner = await t.user('vpriv.owner', { isPrivate: true })
    tokens = await viewersOf(t, 'vpriv', owner, { isPrivate: true })
    const post = await owner.api.post.create(formOf('files', [clip(clips.hevcMov, 'video/quicktime')]))
    postId = post.id
    const key = await transcodeNow(t, await mediaIdOf(clips.hevcMov))
    unsigned = `/media/${key}`
  })

  const may: Role[] = ['follower', 'owner']
  it.each(ROLES)('reach %s only if an approved follower or the owner, by a signed URL that takes ranges', async (role) => {
    const caller = await t.caller(tokens[role])
    const got = await outcome(caller.post.byId({ id: postId }))
    expect(got).toBe(may.includes(role) ? 'OK' : 'NOT_FOUND')
    // The unsigned path of a private clip serves no one.
    const bare = await httpClient(base, tokens[role]).get(unsigned)
    expect(bare.status).toBe(403)
    expect(bare.headers.get('content-type') ?? '').not.toMatch(/^video\//)
    if (!may.includes(role)) return
    const video = (await caller.post.byId({ id: postId })).media[0]!.urls.video!
    expect(video).toMatch(/\?exp=\d+&sig=/)
    const res = await fetch(`${base}${video}`, { headers: { range: 'bytes=0-15' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('cache-control')).toMatch(/^private/)
    expect((await res.arrayBuffer()).byteLength).toBe(16)
  })
})

describe('a story clip', () => {
  it('is its author\'s alone until it is ready, then in the followers\' tray with its video; a clip over 15 s is refused', async () => {
    const owner = await t.user('vstory.owner')
    const follower = await t.user('vstory.follower')
    await follower.api.user.follow({ username: owner.username })
    const inTray = async (who: typeof owner) => (await who.api.story.tray()).find((e) => e.user.username === owner.username)

    await expect(owner.api.story.create(formOf('file', [clip(clips.tooLong)]))).rejects.toThrow(/File 1 \(too-long\.mp4\): The video is 61 seconds long; the limit is 15 seconds/)
    const { id } = await owner.api.story.create(formOf('file', [clip(clips.vp9Webm, 'video/webm')]))
    expect((await inTray(owner))?.stories[0]).toMatchObject({ id, media: { kind: 'video', state: 'processing' } })
    expect(await inTray(follower)).toBeUndefined()
    expect((await follower.api.story.byUser({ username: owner.username })).stories).toEqual([])
    await expect(follower.api.story.markSeen({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' })

    await transcodeNow(t, await mediaIdOf(clips.vp9Webm))
    const story = (await inTray(follower))?.stories[0]
    expect(story).toMatchObject({ id, media: { kind: 'video', state: 'ready' } })
    expect(story!.media.urls.video).toMatch(/^\/media\/video\/[0-9a-f]{64}\.mp4\?exp=\d+&sig=/)
    expect((await fetch(`${base}${story!.media.urls.video}`)).status).toBe(200)
    await follower.api.story.markSeen({ id })
  })
})
