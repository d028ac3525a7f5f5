import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startS3rver } from '@mosaic/storage/testing'
import type { BlobStore } from '@mosaic/storage'
import { sha256Hex } from '@mosaic/util'
import { FIXTURES, httpClient, startTestApp, type TestApp } from './testing/harness.ts'

const file = (name: string) => new File([readFileSync(path.join(FIXTURES, name))], name)
const formOf = (names: string[], fields: Record<string, string> = {}) => {
  const f = new FormData()
  for (const n of names) f.append('files', file(n))
  for (const [k, v] of Object.entries(fields)) f.append(k, v)
  return f
}

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('posts', () => {
  it('lists a profile grid newest first, walking pages without repeats or gaps while posts are added', async () => {
    const u = await t.user()
    const made: string[] = []
    for (let i = 0; i < 5; i++) made.unshift((await u.api.post.create(formOf(['swiss.png'], { caption: `post ${i}` }))).id)
    const seen: string[] = []
    let cursor: string | null = null
    let added = false
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await u.api.post.byUser({ username: u.username, limit: 2, cursor })
      seen.push(...page.items.map((p) => p.id))
      cursor = page.nextCursor
      if (!added) {
        added = true
        await u.api.post.create(formOf(['swiss.png'], { caption: 'added meanwhile' }))
      }
    } while (cursor)
    expect(seen).toEqual(made)
    expect((await u.api.user.byUsername({ username: u.username })).counts.posts).toBe(6)
  })

  it('answers a malformed cursor with BAD_REQUEST', async () => {
    const u = await t.user()
    await expect(u.api.post.byUser({ username: u.username, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('lets only the author edit the caption (re-tagging) and alt text, and delete the post at once for everyone', async () => {
    const author = await t.user()
    const other = await t.user()
    const post = await author.api.post.create(formOf(['swiss.png', 'hopper.gif'], { caption: 'hello #old', tags: 'kept' }))
    expect(post.tags).toEqual(['kept', 'old'])
    await expect(other.api.post.update({ id: post.id, caption: 'mine now' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(other.api.post.delete({ id: post.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const edited = await author.api.post.update({ id: post.id, caption: 'hello #new', alt: ['flag', null] })
    expect(edited.tags).toEqual(['kept', 'new'])
    expect(edited.media.map((m) => m.alt)).toEqual(['flag', null])
    expect((await other.api.tag.posts({ tag: 'old' })).items).toEqual([])
    await author.api.post.delete({ id: post.id })
    await expect(other.api.post.byId({ id: post.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(author.api.post.byId({ id: post.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await other.api.tag.posts({ tag: 'new' })).items).toEqual([])
    expect((await author.api.user.byUsername({ username: author.username })).counts.posts).toBe(0)
  })

  it('pages a tag newest first, and by top without repeats while posts are liked and added', async () => {
    const u = await t.user()
    for (let i = 0; i < 5; i++) await u.api.post.create(formOf(['swiss.png'], { caption: `#walk number ${i}` }))
    const latest = await u.api.tag.posts({ tag: '#Walk', mode: 'latest', limit: 10 })
    expect(latest.items.map((p) => p.caption)).toEqual([4, 3, 2, 1, 0].map((i) => `#walk number ${i}`))
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await u.api.tag.posts({ tag: 'walk', mode: 'top', limit: 2, cursor })
      seen.push(...page.items.map((p) => p.id))
      cursor = page.nextCursor
      await u.api.post.create(formOf(['swiss.png'], { caption: '#walk meanwhile' }))
    } while (cursor)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toHaveLength(5)
  })
})

describe('privacy of posts and media', () => {
  it('hides a private account’s posts and bytes from strangers, exactly like a missing post', async () => {
    const base = await t.listen()
    const owner = await t.user(undefined, { isPrivate: true })
    const stranger = await t.user()
    const post = await owner.api.post.create(formOf(['flowers.jpeg']))
    const url = post.media[0]!.urls.small
    expect(url).toMatch(/\?exp=\d+&sig=/)

    await expect(stranger.api.post.byId({ id: post.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'That post was not found' })
    await expect(stranger.api.post.byId({ id: '01900000-0000-7000-8000-000000000000' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'That post was not found',
    })
    await expect(stranger.api.post.byUser({ username: owner.username })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect((await t.caller()).post.byId({ id: post.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })

    const client = httpClient(base)
    expect((await client.get(url)).status).toBe(200)
    const unsigned = url.split('?')[0]!
    expect((await client.get(unsigned)).status).toBe(403)
    const forged = url.replace(/sig=[^&]+/, 'sig=AAAA')
    expect((await client.get(forged)).status).toBe(403)
    const expired = url.replace(/exp=\d+/, `exp=${Math.floor(Date.now() / 1000) - 60}`)
    expect((await client.get(expired)).status).toBe(403)
  })
})

describe('durability', () => {
  it('leaves no row when storage fails in the middle of a post', async () => {
    const u = await t.user()
    const real = t.app.deps.storage
    let puts = 0
    const failing: BlobStore = {
      ...real,
      kind: real.kind,
      put: async (key, data, opts) => {
        if (++puts === 3) throw new Error('disk full')
        return real.put(key, data, opts)
      },
    }
    t.app.deps.storage = failing
    try {
      await expect(u.api.post.create(formOf(['concert.jpg', 'progressive.jpg']))).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' })
    } finally {
      t.app.deps.storage = real
    }
    expect((await u.api.post.byUser({ username: u.username })).items).toEqual([])
    expect((await u.api.user.byUsername({ username: u.username })).counts.posts).toBe(0)
    const shas = ['concert.jpg', 'progressive.jpg'].map((n) => sha256Hex(readFileSync(path.join(FIXTURES, n))))
    const media = await t.app.engines.db.db.query.media.findMany({ columns: { sha256: true } })
    expect(media.filter((m) => shas.includes(m.sha256))).toEqual([])
  })
})

describe('S3 storage', () => {
  it('stores variants in S3 (s3rver, through the minio client) and redirects /media to a presigned URL', async () => {
    const s3 = await startS3rver()
    const { endPoint, port, accessKey, secretKey, bucket } = s3.config
    const s3app = await startTestApp({
      env: { S3_ENDPOINT: `http://${endPoint}:${port}`, S3_ACCESS_KEY: accessKey, S3_SECRET_KEY: secretKey, S3_BUCKET: bucket },
    })
    try {
      const base = await s3app.listen()
      const u = await s3app.user()
      const post = await u.api.post.create(formOf(['flowers.jpeg']))
      const res = await httpClient(base).get(post.media[0]!.urls.large)
      expect(res.status).toBe(302)
      const bytes = await fetch(res.headers.get('location')!)
      expect(bytes.status).toBe(200)
      expect((await bytes.arrayBuffer()).byteLength).toBeGreaterThan(1000)
      expect(s3app.app.deps.storage.kind).toBe('s3')
      expect((await s3app.app.server.inject({ url: '/readyz' })).json().engines).toMatchObject({ s3: 'up' })
    } finally {
      await s3app.close()
      await s3.stop()
    }
  })
})

describe('orphan sweep', () => {
  it('collects a deleted post’s blobs and blobs left by a failed upload, but only after the grace period', async () => {
    const { posts: core } = await import('@mosaic/core')
    const u = await t.user()
    const storage = t.app.deps.storage
    const keep = await u.api.post.create(formOf(['hopper.gif']))
    const gone = await u.api.post.create(formOf(['concert.jpg']))
    const strayKey = `variants/ab/cd/${'ab'.padEnd(64, 'c')}-large.webp`
    await storage.put(strayKey, Buffer.from('left by a crashed upload'), { contentType: 'image/webp' })
    // an upload as received, as versions before migration 0009 kept them (with its EXIF and GPS)
    const rawKey = `raw/ab/cd/${'ab'.padEnd(64, 'd')}`
    await storage.put(rawKey, Buffer.from('bytes as uploaded'), { contentType: 'application/octet-stream' })
    await u.api.post.delete({ id: gone.id })

    const young = await core.sweepOrphans(t.app.deps)
    expect(young).toEqual({ mediaRows: 0, blobs: 0, expiredStories: 0, expiredExports: 0 })

    const later = new Date(Date.now() + 7 * 3600 * 1000)
    const goneKey = gone.media[0]!.urls.large.replace(/^\/media\//, '')
    expect(await storage.exists(goneKey)).toBe(true)
    const swept = await core.sweepOrphans(t.app.deps, { now: later })
    expect(swept.mediaRows).toBeGreaterThanOrEqual(1)
    // the stray one, the old raw upload, and the deleted post's four variants (and whatever earlier failures left)
    expect(swept.blobs).toBeGreaterThanOrEqual(1 + 1 + 4)
    expect(await storage.exists(strayKey)).toBe(false)
    expect(await storage.exists(rawKey)).toBe(false)
    expect(await storage.exists(goneKey)).toBe(false)
    const kept = await u.api.post.byId({ id: keep.id })
    const res = await t.app.server.inject({ url: kept.media[0]!.urls.large })
    expect(res.statusCode).toBe(200)
  })
})
