import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { sha256Hex } from '@mosaic/util'
import { afterAll, describe, expect, it } from 'vitest'

import { blobStoreContract } from './blob-store.contract.ts'
import { createFsBlobStore } from './fs.store.ts'
import { variantKey } from './keys.ts'

const roots: string[] = []
async function freshRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'mosaic-fs-store-'))
  roots.push(root)
  return root
}
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })))
})

const webp = { contentType: 'image/webp' }

blobStoreContract('fs', async () => createFsBlobStore({ root: await freshRoot() }))

describe('fs blob store', () => {
  it('stores a blob as a plain file at its key under the root and leaves no temp files behind', async () => {
    const root = await freshRoot()
    const store = createFsBlobStore({ root })
    const key = variantKey(sha256Hex('layout'), 'large', 'webp')
    await Promise.all([1, 2, 3].map((n) => store.put(key, Buffer.alloc(10, n), webp)))
    expect(await readdir(path.join(root, 'variants', key.slice(9, 11), key.slice(12, 14)))).toEqual([key.split('/').pop()])
    expect(await readdir(path.join(root, '.tmp'))).toEqual([])
  })

  it('keeps etags across a restart, since they come from size and mtime', async () => {
    const root = await freshRoot()
    const key = variantKey(sha256Hex('restart'), 'thumb', 'webp')
    await createFsBlobStore({ root }).put(key, Buffer.from('bytes'), webp)
    const before = await createFsBlobStore({ root }).stat(key)
    const after = await createFsBlobStore({ root: `${root}/` }).stat(key)
    expect(after).toEqual(before)
  })

  it('lists only blobs: stray dot-files and in-flight temp files are not keys', async () => {
    const root = await freshRoot()
    const store = createFsBlobStore({ root })
    const key = variantKey(sha256Hex('stray'), 'small', 'webp')
    await store.put(key, Buffer.from('x'), webp)
    await mkdir(path.join(root, '.tmp'), { recursive: true })
    await writeFile(path.join(root, '.tmp', 'leftover'), 'partial')
    await writeFile(path.join(root, '.DS_Store'), '')
    await writeFile(path.join(root, 'variants', 'has space'), '')
    const keys: string[] = []
    for await (const info of store.list('')) keys.push(info.key)
    expect(keys).toEqual([key])
  })

  it('treats a key that runs through another blob as missing', async () => {
    const store = createFsBlobStore({ root: await freshRoot() })
    await store.put('a/b', Buffer.from('x'), { contentType: 'text/plain' })
    expect(await store.get('a/b/c')).toBeNull()
    expect(await store.stat('a/b/c')).toBeNull()
    expect(await store.stream('a/b/c')).toBeNull()
    await expect(store.delete(['a/b/c'])).resolves.toBeUndefined()
  })

  it('ping creates a fresh root, and fails with the path when the root is unusable', async () => {
    const parent = await freshRoot()
    await expect(createFsBlobStore({ root: path.join(parent, 'new', 'media') }).ping()).resolves.toBeUndefined()
    const file = path.join(parent, 'not-a-dir')
    await writeFile(file, '')
    await expect(createFsBlobStore({ root: file }).ping()).rejects.toThrow(`media directory ${file} is not usable`)
  })
})
