// The behaviour every BlobStore driver must share, run by fs.store.test.ts and s3.store.test.ts.
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'

import { sha256Hex } from '@mosaic/util'
import { beforeEach, describe, expect, it } from 'vitest'

import type { BlobInfo, BlobStore } from './blob-store.ts'
import { InvalidKeyError, rawKey, sourceKey, variantKey, videoKey } from './keys.ts'

const webp = { contentType: 'image/webp' }

async function collect(iterable: AsyncIterable<BlobInfo>): Promise<BlobInfo[]> {
  const out: BlobInfo[] = []
  for await (const info of iterable) out.push(info)
  return out
}

export function blobStoreContract(name: string, makeStore: () => Promise<BlobStore>): void {
  describe(`${name}: BlobStore contract`, () => {
    let store: BlobStore
    beforeEach(async () => {
      store = await makeStore()
    })

    it('reads back exactly the bytes that were put, including every byte value and empty blobs', async () => {
      const key = variantKey(sha256Hex('round-trip'), 'large', 'webp')
      const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(200_000)])
      await store.put(key, data, webp)
      expect((await store.get(key))?.equals(data)).toBe(true)

      const empty = variantKey(sha256Hex('empty'), 'thumb', 'webp')
      await store.put(empty, Buffer.alloc(0), webp)
      expect(await store.get(empty)).toEqual(Buffer.alloc(0))
      expect(await store.get(variantKey(sha256Hex('never-put'), 'large', 'webp'))).toBeNull()
    })

    it('put replaces an existing blob and its validator', async () => {
      const key = variantKey(sha256Hex('overwrite'), 'small', 'webp')
      await store.put(key, Buffer.from('first version'), webp)
      const before = await store.stat(key)
      expect((await store.stat(key))?.etag).toBe(before?.etag) // stable while unchanged
      await store.put(key, Buffer.from('second, longer version'), webp)
      expect((await store.get(key))?.toString()).toBe('second, longer version')
      const after = await store.stat(key)
      expect(after?.size).toBe(22)
      expect(after?.etag).not.toBe(before?.etag)
    })

    it('stat reports size, content type and last modification; null when missing', async () => {
      const key = variantKey(sha256Hex('stat'), 'thumb', 'webp')
      const startedAt = Date.now()
      await store.put(key, randomBytes(1234), webp)
      const info = await store.stat(key)
      expect(info).toMatchObject({ key, size: 1234, contentType: 'image/webp' })
      expect(info?.etag).toMatch(/^[^"\s]+$/)
      // S3 keeps whole seconds; a file's mtime comes from the kernel's coarse clock, a few ms behind Date.now()
      expect(info?.lastModified.getTime()).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000) * 1000 - 1000)
      expect(info?.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
      expect(await store.stat(variantKey(sha256Hex('missing'), 'thumb', 'webp'))).toBeNull()
    })

    it('an extension-less key keeps its type on S3 and reads as octet-stream on fs', async () => {
      const key = rawKey(sha256Hex('raw'))
      await store.put(key, Buffer.from('jpeg bytes'), { contentType: 'image/jpeg' })
      const expected = store.kind === 's3' ? 'image/jpeg' : 'application/octet-stream'
      expect((await store.stat(key))?.contentType).toBe(expected)
    })

    it("rejects a content type that contradicts the key's extension", async () => {
      const key = variantKey(sha256Hex('mismatch'), 'large', 'webp')
      await expect(store.put(key, Buffer.from('x'), { contentType: 'image/avif' })).rejects.toThrow(TypeError)
      expect(await store.exists(key)).toBe(false)
    })

    it('exists is true for stored blobs only, not for their directories', async () => {
      const key = variantKey(sha256Hex('exists'), 'large', 'webp')
      expect(await store.exists(key)).toBe(false)
      await store.put(key, Buffer.from('x'), webp)
      expect(await store.exists(key)).toBe(true)
      expect(await store.exists(key.slice(0, key.lastIndexOf('/')))).toBe(false)
    })

    it('delete removes blobs and ignores keys that are not there', async () => {
      const keys = ['a', 'b', 'c'].map((s) => variantKey(sha256Hex(s), 'small', 'webp'))
      await Promise.all(keys.map((k) => store.put(k, Buffer.from(k), webp)))
      await store.delete([keys[0]!, keys[1]!, variantKey(sha256Hex('absent'), 'small', 'webp'), keys[0]!])
      await store.delete([])
      expect(await Promise.all(keys.map((k) => store.exists(k)))).toEqual([false, false, true])
    })

    it('deletes a large batch of blobs that share directories in one call', async () => {
      const keys = Array.from({ length: 60 }, (_, i) => `batch/${i % 3}/${i}.bin`)
      await Promise.all(keys.map((k) => store.put(k, Buffer.from(k), { contentType: 'application/octet-stream' })))
      await store.delete(keys)
      expect(await collect(store.list('batch/'))).toEqual([])
      await store.put(keys[0]!, Buffer.from('again'), { contentType: 'application/octet-stream' })
      expect((await store.get(keys[0]!))?.toString()).toBe('again')
    })

    it('lists every blob under a prefix in key order, however many pages that takes', async () => {
      const variants = Array.from({ length: 40 }, (_, i) => variantKey(sha256Hex(`list-${i}`), i % 2 ? 'small' : 'large', 'webp'))
      const raws = Array.from({ length: 5 }, (_, i) => rawKey(sha256Hex(`list-raw-${i}`)))
      await Promise.all([
        ...variants.map((k) => store.put(k, Buffer.from(k), webp)),
        ...raws.map((k) => store.put(k, Buffer.from('raw'), { contentType: 'image/jpeg' })),
      ])
      const listed = await collect(store.list('variants/'))
      expect(listed.map((b) => b.key)).toEqual([...variants].sort())
      for (const info of listed) {
        expect(info).toMatchObject({ size: info.key.length, contentType: 'image/webp' })
        expect(info.lastModified).toBeInstanceOf(Date)
        expect(info.etag).not.toBe('')
      }
      expect((await collect(store.list(''))).map((b) => b.key)).toEqual([...variants, ...raws].sort())
      const first = variants[0]!
      const partial = first.slice(0, 'variants/ab/c'.length) // ends inside a directory name
      expect((await collect(store.list(partial))).map((b) => b.key)).toEqual(variants.filter((k) => k.startsWith(partial)).sort())
      expect(await collect(store.list('nothing/'))).toEqual([])
    })

    it('lists in plain string order even where directory order differs (a-b, a.b, then a/b)', async () => {
      for (const key of ['p/a/b', 'p/a-b', 'p/a.b', 'p/a0']) await store.put(key, Buffer.from(key), { contentType: 'text/plain' })
      expect((await collect(store.list('p/'))).map((b) => b.key)).toEqual(['p/a-b', 'p/a.b', 'p/a/b', 'p/a0'])
    })

    it('streams a whole blob or an inclusive byte range, as HTTP Range requests need', async () => {
      const key = variantKey(sha256Hex('range'), 'original', 'webp')
      const data = randomBytes(10_000)
      await store.put(key, data, webp)
      const read = async (range?: { start: number; end: number }) => {
        const stream = await store.stream(key, range)
        if (!stream) throw new Error('stream returned null')
        return buffer(stream)
      }
      expect((await read()).equals(data)).toBe(true)
      expect((await read({ start: 0, end: 0 })).equals(data.subarray(0, 1))).toBe(true)
      expect((await read({ start: 100, end: 4099 })).equals(data.subarray(100, 4100))).toBe(true)
      expect((await read({ start: 9_000, end: 20_000 })).equals(data.subarray(9_000))).toBe(true) // end clamped
      await expect(store.stream(key, { start: 10_000, end: 10_005 })).rejects.toThrow(RangeError)
      await expect(store.stream(key, { start: 5, end: 4 })).rejects.toThrow(RangeError)
      expect(await store.stream(variantKey(sha256Hex('no-such'), 'large', 'webp'))).toBeNull()
    })

    it('presigns a GET URL that fetch can download on S3; fs has none', async () => {
      const key = variantKey(sha256Hex('presign'), 'large', 'webp')
      const data = randomBytes(3000)
      await store.put(key, data, webp)
      const url = await store.presignedGetUrl(key, 60)
      if (store.kind === 'fs') {
        expect(url).toBeNull()
        return
      }
      expect(url).toContain('X-Amz-Expires=60')
      const res = await fetch(url!)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/webp')
      expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true)
    })

    it('answers ping while healthy', async () => {
      await expect(store.ping()).resolves.toBeUndefined()
    })

    it('rejects keys that could escape the root or name anything but a blob', async () => {
      const bad = ['', '../x', 'a/../../etc/passwd', '/etc/passwd', 'a//b', 'a/./b', 'a/b/', '.tmp/x', 'a\\..\\b', 'C:/x', '%2e%2e/x', 'a\0b', 'é']
      for (const key of bad) {
        await expect(store.put(key, Buffer.from('x'), { contentType: 'text/plain' }), key).rejects.toThrow(InvalidKeyError)
        await expect(store.get(key), key).rejects.toThrow(InvalidKeyError)
        await expect(store.stream(key), key).rejects.toThrow(InvalidKeyError)
        await expect(store.stat(key), key).rejects.toThrow(InvalidKeyError)
        await expect(store.exists(key), key).rejects.toThrow(InvalidKeyError)
        await expect(store.delete(['ok/key', key]), key).rejects.toThrow(InvalidKeyError)
        await expect(store.presignedGetUrl(key, 60), key).rejects.toThrow(InvalidKeyError)
      }
      for (const prefix of ['../', '/', 'a//', '.tmp/', 'a/../']) {
        expect(() => store.list(prefix), prefix).toThrow(InvalidKeyError)
      }
    })

    it('concurrent puts of one key leave one complete blob, and readers never see a torn one', async () => {
      const key = variantKey(sha256Hex('race'), 'large', 'webp')
      const payloads = Array.from({ length: 12 }, (_, i) => Buffer.alloc(300_000 + i, i + 1))
      const seen: (Buffer | null)[] = []
      await Promise.all([
        ...payloads.map((p) => store.put(key, p, webp)),
        ...payloads.map(async () => seen.push(await store.get(key))),
      ])
      const isWhole = (b: Buffer | null) => b === null || payloads.some((p) => p.equals(b))
      expect(seen.every(isWhole)).toBe(true)
      const final = await store.get(key)
      expect(final !== null && isWhole(final)).toBe(true)
      expect((await store.stat(key))?.size).toBe(final?.length)
    })

    it('putFile stores a file from disk as put would, leaves the file in place, and a video key reads as video/mp4', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'blob-contract-'))
      try {
        const file = path.join(dir, 'clip')
        const data = randomBytes(300_000)
        await writeFile(file, data)
        const key = videoKey(sha256Hex('put-file'))
        await store.putFile(key, file, { contentType: 'video/mp4' })
        expect((await store.get(key))?.equals(data)).toBe(true)
        expect(await store.stat(key)).toMatchObject({ size: data.length, contentType: 'video/mp4' })
        const source = sourceKey(sha256Hex('put-file'), 'mov')
        await store.putFile(source, file, { contentType: 'video/quicktime' })
        expect((await store.get(source))?.length).toBe(data.length)
        expect((await buffer((await store.stream(key, { start: 10, end: 19 }))!)).equals(data.subarray(10, 20))).toBe(true)
        await expect(store.putFile(key, file, { contentType: 'image/webp' })).rejects.toThrow(TypeError)
        await expect(store.putFile(videoKey(sha256Hex('no-file')), path.join(dir, 'missing'), { contentType: 'video/mp4' })).rejects.toThrow()
        expect(await store.exists(videoKey(sha256Hex('no-file')))).toBe(false)
        // A local file only where the store keeps one (fs), holding the very bytes; never for a missing blob.
        const local = await store.localPath(source)
        if (store.kind === 'fs') expect((await readFile(local!)).equals(data)).toBe(true)
        else expect(local).toBeNull()
        expect(await store.localPath(videoKey(sha256Hex('no-file')))).toBeNull()
        await expect(store.localPath('../etc/passwd')).rejects.toThrow(InvalidKeyError)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })
  })
}
