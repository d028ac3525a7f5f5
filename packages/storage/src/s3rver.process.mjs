// Runs s3rver in its own process for testing.ts: `node --openssl-legacy-provider s3rver.process.mjs <dir>`.
// Sends `{ port }` over IPC once listening and exits when the parent goes away.
//
// s3rver 3.7.1 (its last release, 2020) needs these repairs to behave like S3 under the minio client:
// - ListObjectsV2 continuation tokens are DES-encrypted, which OpenSSL 3 only offers through its legacy
//   provider: without the flag above every truncated listing answers 500.
// - Its filesystem store writes objects in place, so concurrent PUTs of one key interleave their bytes and a
//   GET can read a half-written object. Patched below: write to a temp file, then rename, one writer per key.
// - Deleting an object removes directories that look empty, racing with PUTs and with the other deletes of a
//   multi-delete (500s). Patched below: leave directories alone.
// - Its listing walks directories in readdir order, which differs from S3's key order for keys such as
//   `a-b` and `a/b`, and paging relies on that order. Patched below: walk in key order.
// - GET reads the size and the bytes from two separate opens, so a GET racing an overwrite can announce one
//   length and send another blob's bytes; and it reads `Range: bytes=0-0` as the whole object. Patched below.
import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import { mkdir, open, rename, rm, unlink } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'

const require = createRequire(import.meta.url)
const directory = process.argv[2]
if (!directory) throw new Error('usage: s3rver.process.mjs <directory>')
const dataDir = path.join(directory, 'data')
const tmpDir = path.join(directory, 'tmp')
fs.mkdirSync(dataDir, { recursive: true })
fs.mkdirSync(tmpDir, { recursive: true })

// Must be patched before the store module destructures it.
const utils = require('s3rver/lib/utils')
const OBJECT_SUFFIX = /\._S3rver_[^/]*$/
utils.walk = function* walk(dir, recurseFilter) {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).map((entry) => ({
    entry,
    sortKey: entry.isDirectory() ? `${entry.name}/` : entry.name.replace(OBJECT_SUFFIX, ''),
  }))
  entries.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
  for (const { entry } of entries) {
    const filePath = path.posix.join(dir, entry.name)
    if (!entry.isDirectory()) yield filePath
    else if (!recurseFilter || recurseFilter(filePath)) yield* walk(filePath, recurseFilter)
  }
}

const FilesystemStore = require('s3rver/lib/stores/filesystem')
const S3Object = require('s3rver/lib/models/object')
const S3rver = require('s3rver')

const writers = new Map()
function oneWriterPerKey(lockKey, work) {
  const previous = writers.get(lockKey) ?? Promise.resolve()
  const next = previous.catch(() => {}).then(work)
  const settled = next.catch(() => {})
  writers.set(lockKey, settled)
  void settled.then(() => writers.get(lockKey) === settled && writers.delete(lockKey))
  return next
}

async function writeAtomically(target, source) {
  const tmp = path.join(tmpDir, randomUUID())
  try {
    await pipeline(source, fs.createWriteStream(tmp))
    await rename(tmp, target)
  } finally {
    await rm(tmp, { force: true })
  }
}

FilesystemStore.prototype.putObject = function putObject(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object')
  // The request body is read right away so that waiting for the lock does not stall the client.
  const body = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content
  const spool = path.join(tmpDir, randomUUID())
  let size = 0
  const md5 = createHash('md5')
  const counted = new Transform({
    transform(chunk, _encoding, callback) {
      size += chunk.length
      md5.update(chunk)
      callback(null, chunk)
    },
  })
  const received = pipeline(body, counted, fs.createWriteStream(spool))
  received.catch(() => {}) // awaited under the lock; this only keeps an early failure from counting as unhandled
  return oneWriterPerKey(objectPath, async () => {
    try {
      await received
      const digest = md5.digest('hex')
      await mkdir(path.dirname(objectPath), { recursive: true })
      await this.putMetadata(object.bucket, object.key, object.metadata, digest)
      await rename(spool, objectPath)
      return { size, md5: digest }
    } finally {
      await rm(spool, { force: true })
    }
  })
}

FilesystemStore.prototype.putMetadata = async function putMetadata(bucket, key, metadata, md5) {
  const json = Object.fromEntries(
    Object.entries(metadata).filter(([name]) => S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')),
  )
  await mkdir(path.dirname(this.getResourcePath(bucket, key, 'metadata.json')), { recursive: true })
  if (md5) await writeAtomically(this.getResourcePath(bucket, key, 'object.md5'), Readable.from([md5]))
  await writeAtomically(this.getResourcePath(bucket, key, 'metadata.json'), Readable.from([JSON.stringify(json)]))
}

FilesystemStore.prototype.deleteObject = async function deleteObject(bucket, key) {
  const objectPath = this.getResourcePath(bucket, key, 'object')
  await oneWriterPerKey(objectPath, () =>
    Promise.all(
      ['object', 'object.md5', 'metadata.json'].map((resource) =>
        unlink(this.getResourcePath(bucket, key, resource)).catch((err) => {
          if (err.code !== 'ENOENT') throw err
        }),
      ),
    ),
  )
}

FilesystemStore.prototype.getObject = async function getObject(bucket, key, options = {}) {
  let handle
  try {
    handle = await open(this.getResourcePath(bucket, key, 'object'), 'r')
  } catch (err) {
    if (err.code === 'ENOENT') return null
    throw err
  }
  try {
    // Size and bytes both come from this one open file, whatever renames happen meanwhile.
    const { size, mtime } = await handle.stat()
    const stored = await this.getMetadata(bucket, key)
    const metadata = { ...stored, 'content-length': size, 'last-modified': mtime.toUTCString() }
    const ranged = options.start !== undefined || options.end !== undefined
    const range = { start: options.start ?? 0, end: Math.min(options.end ?? Infinity, size - 1) }
    if (ranged && (range.start < 0 || range.start > range.end)) {
      await handle.close()
      return Object.assign(new S3Object(bucket, key, null, metadata), { range })
    }
    const content = handle.createReadStream(ranged ? range : {})
    const object = new S3Object(bucket, key, content, metadata)
    return ranged ? Object.assign(object, { range }) : object
  } catch (err) {
    await handle.close()
    if (err.code === 'ENOENT') return null
    throw err
  }
}

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: dataDir,
  // Path-style only: otherwise any Host that is not an IP or localhost is taken for a bucket subdomain.
  vhostBuckets: false,
})
const { port } = await server.run()
process.send?.({ port })
process.on('disconnect', () => process.exit(0))
process.on('SIGTERM', () => process.exit(0))
