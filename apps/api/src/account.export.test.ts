import { readFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import yauzl from 'yauzl'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

const fixture = (name: string) => readFileSync(path.join(FIXTURES, name))
const formOf = (files: { name: string; data: Buffer }[], fields: Record<string, string> = {}) => {
  const f = new FormData()
  for (const { name, data } of files) f.append('files', new File([data], name))
  for (const [k, v] of Object.entries(fields)) f.append(k, v)
  return f
}

/** Every entry of a zip, by name. */
function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, archive) => {
      if (err || !archive) return reject(err)
      const out = new Map<string, Buffer>()
      archive.on('entry', (entry: yauzl.Entry) => {
        archive.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e)
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks))
            archive.readEntry()
          })
        })
      })
      archive.on('end', () => resolve(out))
      archive.on('error', reject)
      archive.readEntry()
    })
  })
}

let t: TestApp
let base: string
beforeAll(async () => {
  t = await startTestApp()
  base = await t.listen()
})
afterAll(() => t.close())

const get = (url: string, token?: string) => fetch(base + url, token ? { headers: { authorization: `Bearer ${token}` } } : {})

describe('user.requestExport', () => {
  it('builds a zip of the photos without metadata and a JSON of posts, comments and follows, for its owner only', async () => {
    const me = await t.user()
    const friend = await t.user()
    const withGps = await sharp(fixture('flowers.jpeg'))
      .withExif({ IFD0: { Artist: 'Someone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 28/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 17/1 0/1' } })
      .jpeg()
      .toBuffer()
    expect((await sharp(withGps).metadata()).exif).toBeDefined()
    const post = await me.api.post.create(formOf([{ name: 'gps.jpg', data: withGps }, { name: 'swiss.png', data: fixture('swiss.png') }], { caption: 'trip #alps', alt: 'flowers' }))
    const friendsPost = await friend.api.post.create(formOf([{ name: 'hopper.gif', data: fixture('hopper.gif') }]))
    await me.api.comment.add({ postId: friendsPost.id, text: 'nice one' })
    await me.api.user.follow({ username: friend.username })
    await friend.api.user.follow({ username: me.username })

    // The link is answered at once; until the worker is done it says "not ready yet".
    const { url } = await me.api.user.requestExport()
    expect(url).toMatch(/^\/exports\/[0-9a-f-]{36}\.zip\?exp=\d+&sig=[\w-]+$/)
    const early = await get(url, me.token)
    if (early.status !== 200) {
      expect(early.status).toBe(404)
      expect(await early.json()).toMatchObject({ error: 'Not Ready' })
    }
    await t.app.deps.queue.drain()
    // Asked again within the hour: the same export, not another build.
    expect((await me.api.user.requestExport()).url.split('?')[0]).toBe(url.split('?')[0])

    const [note] = (await me.api.notification.list({})).items.filter((n) => n.type === 'export_ready')
    expect(note).toMatchObject({ type: 'export_ready', actor: { id: me.id }, post: null })
    expect(note!.url?.split('?')[0]).toBe(url.split('?')[0])

    // Only the owner: not someone else, not anyone without a session, not a tampered link.
    expect((await get(url, friend.token)).status).toBe(404)
    expect((await get(url)).status).toBe(401)
    expect((await get(url.replace(/sig=.*/, 'sig=forged'), me.token)).status).toBe(403)
    expect((await get(url.replace(/exp=\d+/, 'exp=1'), me.token)).status).toBe(403)
    // /media never serves it, signed or not.
    expect((await get(`/media/${url.slice(1).split('?')[0]}`)).status).toBe(404)

    const res = await get(note!.url!, me.token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('content-disposition')).toContain(`mosaic-${me.username}-`)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const entries = await unzip(Buffer.from(await res.arrayBuffer()))
    const data = JSON.parse(entries.get('data.json')!.toString('utf8'))
    expect(data.account).toMatchObject({ username: me.username, email: `${me.username}@example.test` })
    expect(data.posts).toHaveLength(1)
    expect(data.posts[0]).toMatchObject({ id: post.id, caption: 'trip #alps', tags: ['alps'] })
    expect(data.posts[0].media.map((m: { file: string; alt: string | null }) => [m.file, m.alt])).toEqual([
      [`photos/${post.id}-1.jpg`, 'flowers'],
      [`photos/${post.id}-2.jpg`, null],
    ])
    expect(data.comments).toEqual([expect.objectContaining({ postId: friendsPost.id, postAuthor: friend.username, text: 'nice one' })])
    expect(data.following).toEqual([expect.objectContaining({ username: friend.username, state: 'accepted' })])
    expect(data.followers).toEqual([expect.objectContaining({ username: friend.username })])

    for (const [i, m] of post.media.entries()) {
      const photo = entries.get(`photos/${post.id}-${i + 1}.jpg`)!
      const meta = await sharp(photo).metadata()
      // Original size, re-encoded: the upright dimensions, and no EXIF, GPS, XMP, IPTC or ICC block.
      expect(meta).toMatchObject({ format: 'jpeg', width: m.width, height: m.height })
      expect(meta.exif).toBeUndefined()
      expect(meta.xmp).toBeUndefined()
      expect(meta.iptc).toBeUndefined()
      expect(meta.icc).toBeUndefined()
      expect(photo.includes(Buffer.from('GPS'))).toBe(false)
      expect(photo.includes(Buffer.from('Someone'))).toBe(false)
    }
    expect([...entries.keys()].sort()).toEqual(['data.json', `photos/${post.id}-1.jpg`, `photos/${post.id}-2.jpg`])
  })

  it('refuses a link whose id was changed, and needs a session to ask', async () => {
    const me = await t.user()
    const { url } = await me.api.user.requestExport()
    await t.app.deps.queue.drain()
    expect((await get(url.replace(/[0-9a-f-]{36}/, '00000000-0000-4000-8000-000000000000'), me.token)).status).toBe(403)
    const anon = await t.caller()
    await expect(anon.user.requestExport()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })
})
