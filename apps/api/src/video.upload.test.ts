// post.create with videos over HTTP: every generated clip in mixed carousels, every refusal in
// words with nothing written, dedup, no GPS byte in anything served, and a client that vanishes
// mid-upload. MAX_VIDEO_MB is 1 here, so the video cap is seen while a file streams in.
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { posts as corePosts } from '@mosaic/core'
import { eq, inArray, schema } from '@mosaic/db'
import { TEST_CLIP_LOCATION, type TestClips } from '@mosaic/media/testing'
import { sha256Hex } from '@mosaic/util'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient, startTestApp, type TestApp } from './testing/harness.ts'
import { partHead, rawRequest, uploadHeaders, waitFor } from './testing/raw-http.ts'
import { clip, formOf, photo, testClips, transcodeNow, type Upload } from './testing/video.ts'

const { media, posts, tags } = schema

type MediaOut = { id: string; kind: 'image' | 'video'; state?: string; durationMs?: number; width: number; height: number; placeholder: string; urls: Record<string, string> }
type PostOut = { id: string; media: MediaOut[] }

let t: TestApp
let base: string
let alice: Awaited<ReturnType<TestApp['user']>>
let clips: TestClips
let removeClips: () => Promise<void>
/** Every job queued; transcodes are only recorded here, so each clip stays as the upload left it. */
const queued: { name: string; payload: unknown; opts: unknown }[] = []
beforeAll(async () => {
  t = await startTestApp({ env: { MAX_VIDEO_MB: '1' } })
  base = await t.listen()
  alice = await t.user('vid.alice')
  ;({ clips, remove: removeClips } = await testClips())
  const real = t.app.deps.queue
  t.app.deps.queue = {
    ...real,
    enqueue: async (name, payload, opts) => {
      queued.push({ name, payload, opts })
      if (name !== 'media.transcode') await real.enqueue(name, payload, opts)
    },
  }
}, 120_000)
afterAll(async () => {
  await t.close()
  await removeClips()
})

const upload = (token: string, files: Upload[], fields: Record<string, string> = {}) => httpClient(base, token).upload('post.create', formOf('files', files, fields))
const db = () => t.app.engines.db.db
async function written() {
  let blobs = 0
  for await (const _ of t.app.engines.storage.list('')) blobs++
  return { posts: (await db().select({ id: posts.id }).from(posts)).length, media: (await db().select({ id: media.id }).from(media)).length, blobs }
}
const rowOf = async (file: string) => (await db().select().from(media).where(eq(media.sha256, sha256Hex(clip(file).data))))[0]

describe('post.create with videos', () => {
  it('takes every accepted clip in carousels mixed with photos: each processing, upright, with a poster, its upload kept privately and a transcode queued', async () => {
    const a = await upload(alice.token, [photo('flowers.jpeg'), clip(clips.portraitGps, 'video/quicktime'), clip(clips.hevcMov, 'video/quicktime'), clip(clips.vp9Webm, 'video/webm'), clip(clips.noAudio)], {
      caption: 'first #clipsonly',
    })
    const b = await upload(alice.token, [clip(clips.h264Mp4), photo('concert.jpg'), clip(clips.hdrHevc, 'video/quicktime'), clip(clips.highFps)])
    expect(a.status, JSON.stringify(a.body.error)).toBe(200)
    expect(b.status, JSON.stringify(b.body.error)).toBe(200)
    const [pa, pb] = [a.body.result!.data as PostOut, b.body.result!.data as PostOut]
    expect(pa.media.map((m) => m.kind)).toEqual(['image', 'video', 'video', 'video', 'video'])
    expect(pb.media.map((m) => m.kind)).toEqual(['video', 'image', 'video', 'video'])
    // The portrait clip is stored 320×240 with a 90° display matrix: upright it is 240×320.
    expect(pa.media[1]).toMatchObject({ width: 240, height: 320 })
    expect(pa.media[2]).toMatchObject({ width: 320, height: 240 })
    for (const m of [...pa.media, ...pb.media].filter((x) => x.kind === 'video')) {
      expect(m.state).toBe('processing')
      expect(m.durationMs).toBeGreaterThan(900)
      expect(m.durationMs).toBeLessThan(1100)
      expect(m.urls.video).toBeUndefined()
      expect(m.placeholder.length).toBeGreaterThan(10)
      const poster = await fetch(`${base}${m.urls.small}`)
      expect(poster.status).toBe(200)
      expect(poster.headers.get('content-type')).toMatch(/^image\//)
    }
    const portraitPoster = await sharp(Buffer.from(await (await fetch(`${base}${pa.media[1]!.urls.original}`)).arrayBuffer())).metadata()
    expect(portraitPoster.height).toBeGreaterThan(portraitPoster.width)

    const rows = await db().select({ ready: posts.ready }).from(posts).where(inArray(posts.id, [pa.id, pb.id]))
    expect(rows.map((r) => r.ready)).toEqual([false, false])
    // Not published while processing: its tag counts nothing yet.
    const [tag] = await db().select({ postCount: tags.postCount }).from(tags).where(eq(tags.name, 'clipsonly'))
    expect(tag?.postCount ?? 0).toBe(0)
    const expected: [string, string][] = [
      [clips.portraitGps, 'mov'],
      [clips.hevcMov, 'mov'],
      [clips.vp9Webm, 'webm'],
      [clips.noAudio, 'mp4'],
      [clips.h264Mp4, 'mp4'],
      [clips.hdrHevc, 'mov'],
      [clips.highFps, 'mp4'],
    ]
    for (const [file, ext] of expected) {
      const row = (await rowOf(file))!
      expect(row).toMatchObject({ kind: 'video', state: 'processing', sourceKey: `source/${row.sha256}.${ext}` })
      expect((await t.app.engines.storage.stat(row.sourceKey!))?.size).toBe(clip(file).data.length)
      // With what the upload's probe found, so the worker need not probe the clip again.
      const probe = expect.objectContaining({ container: ext, width: row.width, height: row.height, durationMs: row.durationMs, bytes: clip(file).data.length })
      expect(queued).toContainEqual({ name: 'media.transcode', payload: { mediaId: row.id, probe }, opts: { jobId: `transcode-${row.id}` } })
      // The upload as received is never served, signed or not.
      expect((await fetch(`${base}/media/${row.sourceKey}`)).status).toBe(404)
      expect((await fetch(`${base}${t.app.deps.urls.signed(row.sourceKey!)}`)).status).toBe(404)
    }
  })

  it.each([
    ['tooLong', 'too-long.mp4', 413, /61 seconds long; the limit is 60 seconds/],
    ['truncated', 'truncated.mp4', 415, /truncated or corrupt/],
    ['textMp4', 'text.mp4', 415, /not a video we accept/],
    ['audioOnly', 'audio-only.mp4', 415, /no video in it/],
  ] as const)('refuses %s in words naming the file, and writes nothing', async (which, name, status, reason) => {
    const before = await written()
    const res = await upload(alice.token, [photo('Landscape_2.jpg'), clip(clips[which])])
    expect(res.status).toBe(status)
    expect(res.body.error!.message).toContain(`File 2 (${name}): `)
    expect(res.body.error!.message).toMatch(reason)
    expect(await written()).toEqual(before)
  })

  it('refuses a fifth video in a post (four by default), naming it, and writes nothing', async () => {
    const before = await written()
    const five = [clips.noAudio, clips.h264Mp4, clips.hevcMov, clips.vp9Webm, clips.highFps].map((f) => clip(f))
    const res = await upload(alice.token, [photo('Landscape_2.jpg'), ...five])
    expect(res.status).toBe(400)
    expect(res.body.error!.message).toBe('File 6 (high-fps.mp4): a post has at most 4 videos')
    expect(await written()).toEqual(before)
  })

  it('holds a video to MAX_VIDEO_MB while it streams in, and a photo to the photo cap', async () => {
    const before = await written()
    const big = { name: 'long.mp4', data: Buffer.concat([clip(clips.h264Mp4).data, Buffer.alloc(1_500_000, 7)]), type: 'video/mp4' }
    const res = await upload(alice.token, [photo('Landscape_2.jpg'), big])
    expect(res.status).toBe(413)
    expect(res.body.error!.message).toBe('File 2 (long.mp4) is larger than the 1 MB limit for a video')
    expect(await written()).toEqual(before)
    // A photo of more than 1 MB is under its own cap (25 MB).
    const noise = await sharp({ create: { width: 900, height: 900, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer()
    expect(noise.length).toBeGreaterThan(1_000_000)
    expect((await upload(alice.token, [{ name: 'noise.png', data: noise, type: 'image/png' }])).status).toBe(200)
  })

  it('stores a clip once whoever uploads it: the second post reuses its media row, poster, source and transcode', async () => {
    const bob = await t.user('vid.bob')
    const first = await upload(alice.token, [clip(clips.noAudio)])
    expect(first.status).toBe(200)
    const before = await written()
    const transcodes = () => queued.filter((q) => q.name === 'media.transcode').length
    const queuedBefore = transcodes()
    const again = await upload(bob.token, [{ ...clip(clips.noAudio), name: 'same-bytes.mp4' }])
    expect(again.status).toBe(200)
    const [m1, m2] = [(first.body.result!.data as PostOut).media[0]!, (again.body.result!.data as PostOut).media[0]!]
    expect(m2.urls.small).toBe(m1.urls.small)
    expect(m2).toMatchObject({ kind: 'video', state: 'processing' })
    expect(await written()).toEqual({ ...before, posts: before.posts + 1 })
    // Its transcode was queued by the first upload: none again.
    expect(transcodes()).toBe(queuedBefore)
  })

  it('serves no byte of a clip\'s GPS position: not in its poster sizes, not in its transcoded video', async () => {
    const res = await upload(alice.token, [clip(clips.portraitGps, 'video/quicktime'), clip(clips.h264Mp4)])
    expect(res.status).toBe(200)
    for (const file of [clips.portraitGps, clips.h264Mp4]) {
      // The upload carries its position (as text in a ©xyz atom, or a binary 3GPP loci box).
      expect(clip(file).data.includes(TEST_CLIP_LOCATION) || clip(file).data.includes('loci')).toBe(true)
      await transcodeNow(t, (await rowOf(file))!.id)
    }
    const post = (await alice.api.post.byId({ id: (res.body.result!.data as PostOut).id })) as PostOut
    for (const m of post.media) {
      expect(m.state).toBe('ready')
      expect(m.urls.video).toMatch(/^\/media\/video\/[0-9a-f]{64}\.mp4$/)
      expect(m.urls.original).toBe(m.urls.video)
      for (const url of Object.values(m.urls)) {
        const bytes = Buffer.from(await (await fetch(`${base}${url}`)).arrayBuffer())
        expect(bytes.length, url).toBeGreaterThan(0)
        for (const needle of [TEST_CLIP_LOCATION, '+48.8584', '\u00a9xyz', 'loci']) expect(bytes.includes(Buffer.from(needle, 'latin1')), `${needle} in ${url}`).toBe(false)
      }
    }
  })

  it('a client that vanishes mid-upload leaves no temporary file and no row', async () => {
    const before = await written()
    const tmp = path.join(t.config.DATA_DIR, 'tmp')
    const spooled = async () => (await readdir(tmp).catch(() => [])).filter((d) => d.startsWith('upload-'))
    const client = rawRequest(base, { path: '/trpc/post.create', headers: uploadHeaders(alice.token, 900_000) })
    await client.write(Buffer.concat([partHead('files', 'clip.mp4', 'video/mp4'), clip(clips.h264Mp4).data.subarray(0, 20_000)]))
    // The file is being written to disk…
    await waitFor(async () => (await spooled()).length === 1)
    client.destroy()
    // …and is gone with its directory once the client is.
    await waitFor(async () => (await spooled()).length === 0 && t.app.server.uploadAdmission.active === 0)
    expect(await written()).toEqual(before)
  })

  it('clears what a crashed process left in the scratch directory, and nothing a live upload is writing', async () => {
    const root = path.join(t.config.DATA_DIR, 'tmp-leftovers')
    const [old, fresh] = [path.join(root, 'upload-old'), path.join(root, 'upload-fresh')]
    for (const dir of [old, fresh]) {
      await mkdir(dir, { recursive: true })
      await writeFile(path.join(dir, '0-clip'), 'partial upload')
    }
    const dayAgo = new Date(Date.now() - 24 * 3600_000)
    await utimes(old, dayAgo, dayAgo)
    expect(await corePosts.removeStaleUploads(root, 6 * 3600_000)).toBe(1)
    expect(await readdir(root)).toEqual(['upload-fresh'])
  })

  it('refuses a clip as a profile picture, in words', async () => {
    const res = await httpClient(base, alice.token).upload('user.setAvatar', formOf('file', [clip(clips.noAudio)]))
    expect(res.status).toBe(415)
    expect(res.body.error!.message).toBe('no-audio.mp4: a profile picture is a photo, not a video')
  })
})
