import net from 'node:net'

import { sha256Hex } from '@mosaic/util'
import { Client } from 'minio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { blobStoreContract } from './blob-store.contract.ts'
import { variantKey } from './keys.ts'
import { createS3BlobStore, parseS3Endpoint, type S3Config } from './s3.store.ts'
import { startS3rver, type S3rverHandle } from './testing.ts'

let server: S3rverHandle
beforeAll(async () => {
  server = await startS3rver()
})
afterAll(() => server?.stop())

let buckets = 0
const freshBucket = (): S3Config => ({ ...server.config, bucket: `bucket-${++buckets}` })

// A small page makes every listing in the contract span several ListObjectsV2 round trips.
blobStoreContract('s3', () => createS3BlobStore(freshBucket(), { listPageSize: 7 }))

describe('s3 blob store', () => {
  it('creates its bucket when missing, also when several processes start at once', async () => {
    const config = freshBucket()
    const admin = new Client({ ...config, pathStyle: true })
    expect(await admin.bucketExists(config.bucket)).toBe(false)
    await Promise.all([createS3BlobStore(config), createS3BlobStore(config), createS3BlobStore(config)])
    expect(await admin.bucketExists(config.bucket)).toBe(true)
  })

  it('ping fails clearly once the server has stopped', async () => {
    const own = await startS3rver()
    const store = await createS3BlobStore(own.config)
    await store.put(variantKey(sha256Hex('x'), 'thumb', 'webp'), Buffer.from('x'), { contentType: 'image/webp' })
    await own.stop()
    await own.stop() // idempotent
    await expect(store.ping()).rejects.toThrow(`S3 http://127.0.0.1:${own.config.port} bucket "mosaic-test" is not reachable`)
  })

  it('refuses to start against a port where nothing listens', async () => {
    const port = await closedPort()
    await expect(createS3BlobStore({ ...server.config, port })).rejects.toThrow(/is not reachable: .*ECONNREFUSED/)
  })

  it('ping gives up on a server that accepts connections but never answers', async () => {
    const sockets = new Set<net.Socket>()
    const silent = net.createServer((socket) => void sockets.add(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as net.AddressInfo
    try {
      const started = Date.now()
      await expect(createS3BlobStore({ ...server.config, port }, { pingTimeoutMs: 200 })).rejects.toThrow(
        'is not reachable: no answer within 200 ms',
      )
      expect(Date.now() - started).toBeLessThan(2000)
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  it('ping reports a bucket that has gone missing', async () => {
    const config = freshBucket()
    const store = await createS3BlobStore(config)
    await new Client({ ...config, pathStyle: true }).removeBucket(config.bucket)
    await expect(store.ping()).rejects.toThrow(`bucket "${config.bucket}" does not exist`)
  })
})

describe('parseS3Endpoint', () => {
  it.each([
    ['http://127.0.0.1:9000', { endPoint: '127.0.0.1', port: 9000, useSSL: false }],
    ['https://s3.eu-west-1.amazonaws.com', { endPoint: 's3.eu-west-1.amazonaws.com', useSSL: true }],
    ['http://minio:9000/', { endPoint: 'minio', port: 9000, useSSL: false }],
    ['https://minio.example.com:443', { endPoint: 'minio.example.com', useSSL: true }],
    ['http://[::1]:9000', { endPoint: '::1', port: 9000, useSSL: false }],
  ])('%s', (url, expected) => {
    expect(parseS3Endpoint(url)).toEqual(expected)
  })

  it.each(['127.0.0.1:9000', 'ftp://host', 'http://host:9000/bucket', 'http://key:secret@host', 'not a url'])('rejects %s', (url) => {
    expect(() => parseS3Endpoint(url)).toThrow(TypeError)
  })
})

async function closedPort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as net.AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}
