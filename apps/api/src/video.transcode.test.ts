import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { posts } from '@mosaic/core'
import { eq, schema } from '@mosaic/db'
import { probeVideo } from '@mosaic/media'
import { makeTestClips, videoToolsForTests } from '@mosaic/media/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { unpublishedPost } from './testing/unpublished.ts'

const { media } = schema

let clipDir: string
let clipPath: string
let clip: Buffer
beforeAll(async () => {
  clipDir = mkdtempSync(path.join(tmpdir(), 'mosaic-transcode-'))
  clipPath = (await makeTestClips(clipDir)).portraitGps
  clip = readFileSync(clipPath)
}, 120_000)
afterAll(() => rmSync(clipDir, { recursive: true, force: true }))

/** An executable shell script `name` in the clip folder (a tool behind a logging wrapper); its path. */
function script(name: string, body: string): string {
  const file = path.join(clipDir, name)
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}

describe.each([
  ['on PostgreSQL, in-process queue', {}],
  ['embedded (PGlite, fs blobs, in-process queue)', { embedded: true }],
  ['with BullMQ on Redis', { redis: true }],
] as const)('the media.transcode job %s', (_, opts) => {
  let t: TestApp
  let owner: Awaited<ReturnType<TestApp['user']>>
  let stranger: Awaited<ReturnType<TestApp['user']>>
  beforeAll(async () => {
    t = await startTestApp(opts)
    ;[owner, stranger] = await Promise.all([t.user(), t.user()])
  })
  afterAll(() => t.close())

  const stateOf = async (mediaId: string) => (await t.app.deps.db.select({ state: media.state, videoKey: media.videoKey }).from(media).where(eq(media.id, mediaId)))[0]
  const transcode = (mediaId: string) => t.app.deps.queue.enqueue('media.transcode', { mediaId }, { jobId: `transcode-${mediaId}` })

  it('transcodes the upload, serves the MP4 and publishes the post; run again, it counts nothing twice', async () => {
    const p = await unpublishedPost(t, owner.api, { caption: 'a clip #transcoded' }, { source: clip })
    await transcode(p.mediaId)
    await t.app.deps.queue.drain()
    const row = await stateOf(p.mediaId)
    expect(row?.state).toBe('ready')
    expect(row?.videoKey).toMatch(/^video\/[0-9a-f]{64}\.mp4$/)
    const served = await t.app.deps.storage.get(row!.videoKey!)
    expect(served?.subarray(4, 8).toString('latin1')).toBe('ftyp')
    const seen = await stranger.api.post.byId({ id: p.postId })
    expect(seen.media[0]).toMatchObject({ kind: 'video', state: 'ready' })
    expect(seen.media[0]?.urls.video).toBeDefined()
    expect(await stranger.api.tag.summary({ tag: 'transcoded' })).toEqual({ tag: 'transcoded', posts: 1 })

    // A retried job (BullMQ redelivers a job whose worker died after finishing it) changes nothing.
    await t.app.handlers['media.transcode']({ mediaId: p.mediaId })
    await t.app.deps.queue.drain()
    expect(await stranger.api.tag.summary({ tag: 'transcoded' })).toEqual({ tag: 'transcoded', posts: 1 })
  })

  it('fails a clip ffmpeg cannot read at once, tells its owner, and keeps the post theirs alone', async () => {
    const p = await unpublishedPost(t, owner.api, { caption: 'broken #neverplays' }, { source: Buffer.from('this is not a video at all\n'.repeat(100)) })
    await transcode(p.mediaId)
    await t.app.deps.queue.drain()
    expect((await stateOf(p.mediaId))?.state).toBe('failed')
    expect((await owner.api.post.byId({ id: p.postId })).media[0]).toMatchObject({ kind: 'video', state: 'failed' })
    await expect(stranger.api.post.byId({ id: p.postId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(stranger.api.tag.summary({ tag: 'neverplays' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const notes = (await owner.api.notification.list({})).items.filter((n) => n.post?.id === p.postId)
    expect(notes.map((n) => [n.type, n.actor.username])).toEqual([['media_failed', owner.username]])
    // Deleting the failed post takes the notification with it.
    await owner.api.post.delete({ id: p.postId })
    expect((await owner.api.notification.list({})).items.filter((n) => n.post?.id === p.postId)).toEqual([])
  })

  it('retries a passing failure and succeeds; on the last attempt it gives up and tells the owner', async () => {
    const handler = t.app.handlers['media.transcode']
    // The upload is not in the store yet (an S3 hiccup): not the clip's fault, so the job fails to be retried.
    const p = await unpublishedPost(t, owner.api, { caption: 'second try' })
    await expect(handler({ mediaId: p.mediaId }, { attempt: 1, attempts: 4 })).rejects.toThrow(/not in the blob store/)
    expect((await stateOf(p.mediaId))?.state).toBe('processing')
    await expect(stranger.api.post.byId({ id: p.postId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const [row] = await t.app.deps.db.select({ sourceKey: media.sourceKey }).from(media).where(eq(media.id, p.mediaId))
    await t.app.deps.storage.put(row!.sourceKey!, clip, { contentType: 'video/mp4' })
    await handler({ mediaId: p.mediaId }, { attempt: 2, attempts: 4 })
    await t.app.deps.queue.drain()
    expect((await stateOf(p.mediaId))?.state).toBe('ready')
    expect((await stranger.api.post.byId({ id: p.postId })).caption).toBe('second try')

    const q = await unpublishedPost(t, owner.api, { caption: 'no luck' })
    await expect(handler({ mediaId: q.mediaId }, { attempt: 4, attempts: 4 })).rejects.toThrow(/not in the blob store/)
    await t.app.deps.queue.drain()
    expect((await stateOf(q.mediaId))?.state).toBe('failed')
    const notes = (await owner.api.notification.list({})).items.filter((n) => n.post?.id === q.postId)
    expect(notes.map((n) => n.type)).toEqual(['media_failed'])
  })

  it('sweeps a deleted video post’s upload and transcode once the grace period has passed', async () => {
    const p = await unpublishedPost(t, owner.api, {}, { source: clip })
    await transcode(p.mediaId)
    await t.app.deps.queue.drain()
    const [row] = await t.app.deps.db.select({ sourceKey: media.sourceKey, videoKey: media.videoKey }).from(media).where(eq(media.id, p.mediaId))
    const keys = [row!.sourceKey!, row!.videoKey!]
    await posts.sweepOrphans(t.app.deps, { now: new Date(Date.now() + (posts.SWEEP_GRACE_SECONDS + 60) * 1000) })
    expect(await Promise.all(keys.map((k) => t.app.deps.storage.exists(k)))).toEqual([true, true])
    await owner.api.post.delete({ id: p.postId })
    await posts.sweepOrphans(t.app.deps, { now: new Date(Date.now() + (posts.SWEEP_GRACE_SECONDS + 60) * 1000) })
    expect(await Promise.all(keys.map((k) => t.app.deps.storage.exists(k)))).toEqual([false, false])
  })
})

describe('VIDEO_CONCURRENCY', () => {
  let t: TestApp
  let runs: string
  beforeAll(async () => {
    // ffmpeg behind a wrapper that logs when each run starts and ends.
    runs = path.join(clipDir, 'ffmpeg-runs.log')
    const wrapper = script('ffmpeg-logged.sh', `echo start >> '${runs}'\n'${videoToolsForTests().ffmpeg}' "$@"\ncode=$?\necho end >> '${runs}'\nexit $code`)
    t = await startTestApp({ env: { FFMPEG_PATH: wrapper, VIDEO_CONCURRENCY: '1' } })
  })
  afterAll(() => t.close())

  it('runs one transcode at a time in a worker when it is 1, however many are queued', async () => {
    const owner = await t.user()
    const list = await Promise.all([1, 2, 3].map(() => unpublishedPost(t, owner.api, {}, { source: clip })))
    // Three different media rows, one clip: each is transcoded.
    await Promise.all(list.map((p) => t.app.deps.queue.enqueue('media.transcode', { mediaId: p.mediaId }, { jobId: `transcode-${p.mediaId}` })))
    await t.app.deps.queue.drain()
    const log = readFileSync(runs, 'utf8').trim().split('\n')
    expect(log.length).toBeGreaterThanOrEqual(6)
    expect(log).toEqual(log.map((_, i) => (i % 2 === 0 ? 'start' : 'end')))
  })
})

type Made = Awaited<ReturnType<typeof unpublishedPost>>

describe("a transcode job carrying the upload's probe", () => {
  let t: TestApp
  let probed: string
  beforeAll(async () => {
    // ffprobe behind a wrapper that logs the file each run reads.
    probed = path.join(clipDir, 'ffprobe-runs.log')
    const wrapper = script('ffprobe-logged.sh', `for last; do :; done\necho "$last" >> '${probed}'\nexec '${videoToolsForTests().ffprobe}' "$@"`)
    t = await startTestApp({ env: { FFPROBE_PATH: wrapper } })
  })
  afterAll(() => t.close())

  it('does not read the upload with ffprobe again (only its own output is checked); a job without it probes first', async () => {
    const owner = await t.user()
    const [a, b] = (await Promise.all([1, 2].map(() => unpublishedPost(t, owner.api, {}, { source: clip })))) as [Made, Made]
    const probe = await probeVideo(clipPath, videoToolsForTests(), { maxBytes: 1e9, maxDurationMs: 60_000, maxDimension: 4096 })
    const runs = () => readFileSync(probed, 'utf8').trim().split('\n')
    const handler = t.app.handlers['media.transcode']

    writeFileSync(probed, '')
    await handler({ mediaId: a.mediaId, probe })
    expect(runs()).toEqual([expect.stringMatching(/served\.mp4$/)])
    writeFileSync(probed, '')
    await handler({ mediaId: b.mediaId })
    expect(runs()).toHaveLength(2)
    expect(runs()[0]).not.toMatch(/served\.mp4$/)

    await t.app.deps.queue.drain()
    for (const p of [a, b]) {
      expect((await owner.api.post.byId({ id: p.postId })).media[0]).toMatchObject({ kind: 'video', state: 'ready' })
      // Upright (the clip is stored 320×240 with a 90° display matrix), from the handed-over probe as from its own.
      const [row] = await t.app.deps.db.select({ videoKey: media.videoKey }).from(media).where(eq(media.id, p.mediaId))
      const served = await t.app.deps.storage.localPath(row!.videoKey!)
      expect(await probeVideo(served!, videoToolsForTests(), { maxBytes: 1e9, maxDurationMs: 60_000, maxDimension: 4096 })).toMatchObject({ width: 240, height: 320, rotation: 0 })
    }
  })
})
