// post.create over HTTP with the shared real-world fixtures: each does what MANIFEST.tsv says.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, httpClient, startTestApp, type TestApp } from './testing/harness.ts'

type Row = { filename: string; expected: string; category: string; upright: string; width: string; height: string }
const manifest: Row[] = readFileSync(path.join(FIXTURES, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map((c) => ({ filename: c[1]!, category: c[5]!, expected: c[6]!.replace(/^"/, ''), width: c[10]!, height: c[11]!, upright: c[14]! }))

let t: TestApp
let base: string
let alice: Awaited<ReturnType<TestApp['user']>>
beforeAll(async () => {
  t = await startTestApp()
  base = await t.listen()
  alice = await t.user('alice')
})
afterAll(() => t.close())

const form = (files: { name: string; data: Buffer; type?: string }[], fields: Record<string, string | string[]> = {}) => {
  const f = new FormData()
  for (const file of files) f.append('files', new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }), file.name)
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) f.append(k, one)
  return f
}
const fixture = (name: string) => ({ name, data: readFileSync(path.join(FIXTURES, name)) })
const countRows = async () => {
  const db = t.app.engines.db.db
  return { posts: (await db.query.posts.findMany({ columns: { id: true } })).length, media: (await db.query.media.findMany({ columns: { id: true } })).length }
}
type PostOut = { id: string; media: { width: number; height: number; placeholder: string; alt: string | null; urls: Record<string, string> }[]; tags: string[]; caption: string }

describe('every fixture in MANIFEST.tsv', () => {
  for (const row of manifest) {
    const accept = row.expected.startsWith('accept')
    it(`${row.filename}: ${accept ? 'accepted' : 'refused'} (${row.category})`, async () => {
      const before = await countRows()
      const res = await httpClient(base, alice.token).upload('post.create', form([fixture(row.filename)], { caption: row.filename }))
      if (accept) {
        expect(res.status, JSON.stringify(res.body.error)).toBe(200)
        const post = res.body.result!.data as PostOut
        const [w, h] = (/^\d+x\d+$/.test(row.upright) ? row.upright : `${row.width}x${row.height}`).split('x').map(Number)
        expect(post.media[0]).toMatchObject({ width: w, height: h })
        expect(post.media[0]!.placeholder.length).toBeGreaterThan(10)
      } else {
        expect([413, 415]).toContain(res.status)
        expect(res.body.error!.message).toContain(row.filename)
        expect(res.body.error!.data.fileIndex).toBe(0)
        expect(await countRows()).toEqual(before)
      }
    })
  }
})

describe('what is served', () => {
  it('carries no EXIF, GPS or XMP in any variant, and the eight orientations come out upright', async () => {
    const files = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => fixture(`Landscape_${n}.jpg`)).slice(0, 8)
    const a = await httpClient(base, alice.token).upload('post.create', form(files.slice(0, 4).concat(fixture('Landscape_9.jpg'))))
    const b = await httpClient(base, alice.token).upload('post.create', form(files.slice(4)))
    for (const res of [a, b]) {
      expect(res.status).toBe(200)
      for (const m of (res.body.result!.data as PostOut).media) {
        expect([m.width, m.height]).toEqual(m === (a.body.result!.data as PostOut).media[4] ? [480, 369] : [600, 450])
        for (const url of Object.values(m.urls)) {
          const got = await fetch(`${base}${url}`)
          expect(got.status).toBe(200)
          const meta = await sharp(Buffer.from(await got.arrayBuffer())).metadata()
          expect(meta.exif).toBeUndefined()
          expect(meta.xmp).toBeUndefined()
          expect(meta.iptc).toBeUndefined()
        }
      }
    }
  })

  it('serves public variants immutable with an ETag, and answers If-None-Match with 304', async () => {
    const res = await httpClient(base, alice.token).upload('post.create', form([fixture('flowers.jpeg')]))
    const url = (res.body.result!.data as PostOut).media[0]!.urls.small!
    expect(url).toMatch(/^\/media\/variants\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}-small\.\w+$/)
    const first = await fetch(`${base}${url}`)
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^".+"$/)
    const again = await fetch(`${base}${url}`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
  })

  it('never serves raw originals', async () => {
    const res = await fetch(`${base}/media/raw/aa/bb/${'a'.repeat(64)}`)
    expect(res.status).toBe(404)
  })

  it('keeps no byte of a photo\'s GPS position: every blob stored for it is free of EXIF', async () => {
    const withGps = await sharp(fixture('flowers.jpeg').data)
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 28/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 17/1 0/1' } })
      .jpeg()
      .toBuffer()
    expect((await sharp(withGps).metadata()).exif).toBeDefined()
    const sha = (await import('@mosaic/util')).sha256Hex(withGps)
    const res = await httpClient(base, alice.token).upload('post.create', form([{ name: 'gps.jpg', data: withGps, type: 'image/jpeg' }]))
    expect(res.status).toBe(200)
    const keys: string[] = []
    for await (const blob of t.app.engines.storage.list('')) if (blob.key.includes(sha)) keys.push(blob.key)
    expect(keys.length).toBeGreaterThan(0)
    for (const key of keys) {
      expect(key.startsWith('raw/'), key).toBe(false)
      const meta = await sharp((await t.app.engines.storage.get(key))!).metadata()
      expect(meta.exif, key).toBeUndefined()
    }
  })
})

describe('upload rules', () => {
  it('parses #tags from the caption, merges explicit tags, keeps alt text and location, in upload order', async () => {
    const res = await httpClient(base, alice.token).upload(
      'post.create',
      form([fixture('hopper.gif'), fixture('swiss.png')], {
        caption: 'Sunset at the #Lake with @bob #lake #Golden_Hour',
        tags: 'Travel, #summer,  lake',
        alt: ['A portrait', 'A flag'],
        location: JSON.stringify({ name: 'Lake Geneva', lat: 46.45, lng: 6.6 }),
      }),
    )
    expect(res.status).toBe(200)
    const post = res.body.result!.data as PostOut & { location: unknown }
    expect(post.tags).toEqual(['golden_hour', 'lake', 'summer', 'travel'])
    expect(post.location).toEqual({ name: 'Lake Geneva', lat: 46.45, lng: 6.6 })
    expect(post.media.map((m) => [m.alt, m.width])).toEqual([
      ['A portrait', 128],
      ['A flag', 68],
    ])
  })

  it('refuses a post whose one file is bad, naming that file, and writes nothing', async () => {
    const before = await countRows()
    const res = await httpClient(base, alice.token).upload('post.create', form([fixture('flowers.jpeg'), fixture('check.svg'), fixture('hopper.gif')]))
    expect(res.status).toBe(415)
    expect(res.body.error!.message).toMatch(/^File 2 \(check\.svg\)/)
    expect(res.body.error!.data.fileIndex).toBe(1)
    expect(await countRows()).toEqual(before)
  })

  it('refuses a file over the size cap while it streams in', async () => {
    const before = await countRows()
    const big = Buffer.alloc(26 * 1000 * 1000, 1)
    const res = await httpClient(base, alice.token).upload('post.create', form([fixture('hopper.gif'), { name: 'huge.jpg', data: big }]))
    expect(res.status).toBe(413)
    expect(res.body.error!.message).toContain('File 2 (huge.jpg)')
    expect(await countRows()).toEqual(before)
  })

  it('refuses an upload whose declared length is over the cap before reading it', async () => {
    const res = await fetch(`${base}/trpc/post.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(400 * 1000 * 1000) },
      body: 'x',
    }).catch((err: unknown) => err)
    // Either the 413 arrives, or the connection is closed on a body that never came.
    if (res instanceof Response) expect(res.status).toBe(413)
  })

  it('refuses eleven files, no files, a caption over 2,200 characters, and a stranger without a session', async () => {
    const client = httpClient(base, alice.token)
    const eleven = Array.from({ length: 11 }, () => fixture('swiss.png'))
    expect((await client.upload('post.create', form(eleven))).status).toBe(400)
    expect((await client.upload('post.create', form([], { caption: 'nothing' }))).status).toBe(400)
    expect((await client.upload('post.create', form([fixture('swiss.png')], { caption: 'x'.repeat(2201) }))).status).toBe(400)
    expect((await client.upload('post.create', form([fixture('swiss.png')], { location: '{not json' }))).status).toBe(400)
    expect((await httpClient(base).upload('post.create', form([fixture('swiss.png')]))).status).toBe(401)
  })
})

describe('deduplication', () => {
  it('stores and processes the same bytes once, by anyone, while each post gets its own media row', async () => {
    const bob = await t.user('bob.dedup')
    // Fresh bytes (the fixtures were uploaded above), then the same bytes again by someone else.
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 12, g: 99, b: 200 } } }).png().toBuffer()
    const before = await countRows()
    const a = await httpClient(base, alice.token).upload('post.create', form([{ name: 'mine.png', data: png }]))
    const b = await httpClient(base, bob.token).upload('post.create', form([{ name: 'copy.png', data: Buffer.from(png) }]))
    expect(a.status).toBe(200)
    expect(b.status).toBe(200)
    const [ma, mb] = [(a.body.result!.data as PostOut).media[0]!, (b.body.result!.data as PostOut).media[0]!]
    expect(ma.urls.large).toBe(mb.urls.large)
    expect((ma as { id: string } & typeof ma).id).not.toBe((mb as { id: string } & typeof mb).id)
    const after = await countRows()
    expect(after.media - before.media).toBe(1)
    expect(after.posts - before.posts).toBe(2)
  })
})
