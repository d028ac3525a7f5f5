// A clip on S3 (s3rver, through the same minio client code): the worker downloads the upload to
// transcode it (the store has no local file to read in place), and a player's Range requests reach
// the served MP4 through /media's presigned redirect.
import { startS3rver, type S3rverHandle } from '@mosaic/storage/testing'
import type { TestClips } from '@mosaic/media/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient, startTestApp, type TestApp } from './testing/harness.ts'
import { clip, formOf, testClips } from './testing/video.ts'

describe('a video on S3 storage', () => {
  let s3: S3rverHandle
  let t: TestApp
  let base: string
  let clips: TestClips
  let removeClips: () => Promise<void>
  beforeAll(async () => {
    s3 = await startS3rver()
    const { endPoint, port, accessKey, secretKey, bucket } = s3.config
    t = await startTestApp({ env: { S3_ENDPOINT: `http://${endPoint}:${port}`, S3_ACCESS_KEY: accessKey, S3_SECRET_KEY: secretKey, S3_BUCKET: bucket } })
    base = await t.listen()
    ;({ clips, remove: removeClips } = await testClips())
  }, 120_000)
  afterAll(async () => {
    await t?.close()
    await s3?.stop()
    await removeClips?.()
  })

  it('is transcoded from the downloaded upload and seeks by Range through the presigned URL', async () => {
    const owner = await t.user()
    const post = await owner.api.post.create(formOf('files', [clip(clips.hevcMov, 'video/quicktime')]))
    expect(t.app.deps.storage.kind).toBe('s3')
    await t.app.deps.queue.drain()
    const medium = (await owner.api.post.byId({ id: post.id })).media[0]!
    expect(medium).toMatchObject({ kind: 'video', state: 'ready' })
    const stored = (await t.app.deps.storage.get(medium.urls.video!.replace(/^\/media\//, '').replace(/\?.*$/, '')))!
    expect(stored.subarray(4, 8).toString('latin1')).toBe('ftyp')

    const redirect = await httpClient(base).get(medium.urls.video!)
    expect(redirect.status).toBe(302)
    const presigned = redirect.headers.get('location')!
    const part = await fetch(presigned, { headers: { range: 'bytes=100-199' } })
    expect(part.status).toBe(206)
    expect(Buffer.from(await part.arrayBuffer()).equals(stored.subarray(100, 200))).toBe(true)
    const whole = await fetch(presigned)
    expect(Buffer.from(await whole.arrayBuffer()).equals(stored)).toBe(true)
  })
})
