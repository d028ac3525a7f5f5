// What /media serves when an account's privacy changes: nothing of a private account under the
// public (unsigned) path, short-lived signed URLs for its followers, and content-addressed blobs
// shared with a public post (deduplicated by hash) still public, since they are that post's too.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { startS3rver } from '@mosaic/storage/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, httpClient, startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
let base: string
beforeAll(async () => {
  t = await startTestApp()
  base = await t.listen()
})
afterAll(() => t.close())

const photo = (name: string) => {
  const f = new FormData()
  f.append('files', new File([readFileSync(path.join(FIXTURES, name))], name))
  return f
}
const small = (post: { media: { urls: { small: string } }[] }) => post.media[0]!.urls.small

describe('media of an account that turns private', () => {
  it('is no longer served under its public path, while followers get signed URLs and a shared public copy stays public', async () => {
    const [owner, follower, stranger, other] = await Promise.all([t.user(), t.user(), t.user(), t.user()])
    await follower.api.user.follow({ username: owner.username })
    const own = await owner.api.post.create(photo('Landscape_3.jpg'))
    const shared = await owner.api.post.create(photo('Landscape_4.jpg'))
    // Another public account posts the same bytes: the same content-addressed blob.
    const theirs = await other.api.post.create(photo('Landscape_4.jpg'))
    expect(small(theirs)).toBe(small(shared))
    const anon = httpClient(base)
    const ownPublic = small(own)
    // Read while public (a browser or CDN fetching it), so any cache of "this key is public" is warm.
    expect((await anon.get(ownPublic)).status).toBe(200)
    expect((await anon.get(small(shared))).status).toBe(200)

    await owner.api.user.update({ isPrivate: true })

    for (const who of [anon, httpClient(base, stranger.token), httpClient(base, follower.token), httpClient(base, owner.token)]) {
      const res = await who.get(ownPublic)
      expect([403, 404]).toContain(res.status)
      expect(res.headers.get('content-type') ?? '').not.toMatch(/^image\//)
    }
    const signed = small(await follower.api.post.byId({ id: own.id }))
    expect(signed).toMatch(/\?exp=\d+&sig=/)
    const res = await anon.get(signed)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/^private/)
    await expect(stranger.api.post.byId({ id: own.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // The other account's public post of the same bytes still serves them publicly, by design.
    expect((await anon.get(small(await stranger.api.post.byId({ id: theirs.id })))).status).toBe(200)
  })

  it('hands out signed URLs that expire within the default SIGNED_URL_TTL_SECONDS (600) and caches them no longer', async () => {
    const owner = await t.user(undefined, { isPrivate: true })
    const post = await owner.api.post.create(photo('Landscape_5.jpg'))
    const url = small(post)
    const left = Number(/exp=(\d+)/.exec(url)?.[1]) - Date.now() / 1000
    expect(left).toBeGreaterThan(0)
    expect(left).toBeLessThanOrEqual(600)
    const res = await httpClient(base).get(url)
    expect(res.status).toBe(200)
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1])
    expect(maxAge).toBeLessThanOrEqual(Math.ceil(left))
    // A notification's thumbnail of that post is signed the same way.
    const fan = await t.user()
    await fan.api.user.follow({ username: owner.username })
    await owner.api.user.approveFollow({ username: fan.username })
    await fan.api.post.like({ id: post.id })
    await t.app.deps.queue.drain()
    const note = (await owner.api.notification.list({})).items.find((n) => n.type === 'like')
    expect(Number(/exp=(\d+)/.exec(note?.post?.thumbUrl ?? '')?.[1]) - Date.now() / 1000).toBeLessThanOrEqual(600)
  })
})

describe('media of a private account in S3', () => {
  it('redirects a signed URL to a presigned one that lives no longer, and refuses the public path', async () => {
    const s3 = await startS3rver()
    const { endPoint, port, accessKey, secretKey, bucket } = s3.config
    const app = await startTestApp({ env: { S3_ENDPOINT: `http://${endPoint}:${port}`, S3_ACCESS_KEY: accessKey, S3_SECRET_KEY: secretKey, S3_BUCKET: bucket } })
    try {
      const client = httpClient(await app.listen())
      const owner = await app.user(undefined, { isPrivate: true })
      const url = small(await owner.api.post.create(photo('Landscape_6.jpg')))
      const left = Number(/exp=(\d+)/.exec(url)?.[1]) - Date.now() / 1000
      const res = await client.get(url)
      expect(res.status).toBe(302)
      const location = new URL(res.headers.get('location')!)
      expect(Number(location.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(Math.ceil(left))
      expect(res.headers.get('cache-control')).toMatch(/^private/)
      expect((await fetch(location)).status).toBe(200)
      expect((await client.get(url.split('?')[0]!)).status).toBe(403)
    } finally {
      await app.close()
      await s3.stop()
    }
  })
})
