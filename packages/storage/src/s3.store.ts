import http from 'node:http'
import https from 'node:https'
import { buffer } from 'node:stream/consumers'

import { withTimeout } from '@mosaic/util'
import { Client } from 'minio'

import {
  assertRange,
  describeError,
  unsatisfiableRange,
  type BlobInfo,
  type BlobStore,
  type ByteRange,
} from './blob-store.ts'
import { assertContentTypeMatchesKey, contentTypeForKey } from './content-type.ts'
import { assertKey, assertPrefix } from './keys.ts'

export type S3Config = {
  endPoint: string
  port?: number
  useSSL: boolean
  accessKey: string
  secretKey: string
  bucket: string
  /** Default us-east-1 (MinIO's default). Set explicitly so the client never asks the server for it. */
  region?: string
}

/** Tuning knobs; the defaults suit production. */
export type S3StoreOptions = {
  /** How long ping (and the bucket check at startup) waits for an answer. Default 3 s. */
  pingTimeoutMs?: number
  /** A request that moves no bytes for this long is aborted, so a hung server cannot pin sockets. Default 30 s. */
  idleTimeoutMs?: number
  /** Keys per ListObjectsV2 request, at most 1000 (the default). Tests lower it to exercise paging. */
  listPageSize?: number
}

/** `'http://127.0.0.1:9000'` → `{ endPoint: '127.0.0.1', port: 9000, useSSL: false }`. No path, no credentials. */
export function parseS3Endpoint(url: string): { endPoint: string; port?: number; useSSL: boolean } {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new TypeError(`invalid S3 endpoint ${JSON.stringify(url)}: expected a URL like http://127.0.0.1:9000`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`invalid S3 endpoint ${url}: protocol must be http or https`)
  }
  // The minio client addresses buckets as the first path segment, so a base path cannot be honoured.
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search || parsed.hash) {
    throw new TypeError(`invalid S3 endpoint ${url}: it must not have a path, query or fragment`)
  }
  if (parsed.username || parsed.password) {
    throw new TypeError('invalid S3 endpoint: pass credentials as accessKey/secretKey, not in the URL')
  }
  const endPoint = parsed.hostname.replace(/^\[(.*)\]$/, '$1') // IPv6 literals arrive bracketed
  const useSSL = parsed.protocol === 'https:'
  return parsed.port === '' ? { endPoint, useSSL } : { endPoint, port: Number(parsed.port), useSSL }
}

/** Connects, creates the bucket when it is missing, and returns the store. Rejects when the server does not answer. */
export async function createS3BlobStore(cfg: S3Config, opts: S3StoreOptions = {}): Promise<BlobStore> {
  const { bucket } = cfg
  const region = cfg.region ?? 'us-east-1'
  const pingTimeoutMs = opts.pingTimeoutMs ?? 3_000
  const pageSize = opts.listPageSize ?? 1000
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new RangeError(`listPageSize must be an integer in 1..1000, got ${pageSize}`)
  }
  const host = cfg.endPoint.includes(':') ? `[${cfg.endPoint}]` : cfg.endPoint
  const where = `S3 ${cfg.useSSL ? 'https' : 'http'}://${host}${cfg.port ? `:${cfg.port}` : ''} bucket "${bucket}"`
  const client = new Client({
    endPoint: cfg.endPoint,
    ...(cfg.port === undefined ? {} : { port: cfg.port }),
    useSSL: cfg.useSSL,
    accessKey: cfg.accessKey,
    secretKey: cfg.secretKey,
    region,
    // Path-style works with MinIO, S3 and s3rver alike and needs no wildcard DNS for bucket subdomains.
    pathStyle: true,
    transport: idleTimeoutTransport(cfg.useSSL, opts.idleTimeoutMs ?? 30_000),
  })

  async function checkBucket(): Promise<boolean> {
    try {
      return await withTimeout(client.bucketExists(bucket), pingTimeoutMs)
    } catch (err) {
      throw new Error(`${where} is not reachable: ${describeError(err)}`, { cause: err })
    }
  }

  if (!(await checkBucket())) {
    try {
      await client.makeBucket(bucket, region)
    } catch (err) {
      // Several API processes may start together; whoever loses the race finds the bucket already there.
      const raced = ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(codeOf(err) ?? '')
      if (!raced || !(await checkBucket())) {
        throw new Error(`${where} could not be created: ${describeError(err)}`, { cause: err })
      }
    }
  }

  async function openObject(key: string, range?: ByteRange): Promise<NodeJS.ReadableStream | null> {
    try {
      return range
        ? await client.getPartialObject(bucket, key, range.start, range.end - range.start + 1)
        : await client.getObject(bucket, key)
    } catch (err) {
      if (isNotFound(err)) return null
      if (range && codeOf(err) === 'InvalidRange') throw unsatisfiableRange(key, range)
      throw err
    }
  }

  async function statBlob(key: string): Promise<BlobInfo | null> {
    assertKey(key)
    try {
      const s = await client.statObject(bucket, key)
      const stored: unknown = s.metaData['content-type']
      return {
        key,
        size: s.size,
        etag: s.etag,
        contentType: typeof stored === 'string' && stored !== '' ? stored : contentTypeForKey(key),
        lastModified: s.lastModified,
      }
    } catch (err) {
      if (isNotFound(err)) return null
      throw err
    }
  }

  return {
    kind: 's3',

    async put(key, data, { contentType }) {
      assertKey(key)
      assertContentTypeMatchesKey(key, contentType)
      await client.putObject(bucket, key, data, data.length, { 'Content-Type': contentType })
    },

    async putFile(key, file, { contentType }) {
      assertKey(key)
      assertContentTypeMatchesKey(key, contentType)
      // Streamed from disk, in parts when large.
      await client.fPutObject(bucket, key, file, { 'Content-Type': contentType })
    },

    async get(key) {
      assertKey(key)
      const body = await openObject(key)
      return body ? buffer(body) : null
    },

    async stream(key, range) {
      assertKey(key)
      if (range) assertRange(range)
      return openObject(key, range)
    },

    stat: statBlob,

    async exists(key) {
      return (await statBlob(key)) !== null
    },

    async delete(keys) {
      keys.forEach(assertKey)
      if (keys.length === 0) return
      // Batched 1000 per request by the client; the quiet multi-delete reports only failures.
      const results: unknown[] = await client.removeObjects(bucket, [...new Set(keys)])
      const failures = results.map(failureOf).filter((f) => f !== null && f.code !== 'NoSuchKey')
      const first = failures[0]
      if (first) {
        throw new Error(`${where}: could not delete ${failures.length} blob(s), e.g. ${first.key}: ${first.message}`)
      }
    },

    list(prefix) {
      assertPrefix(prefix)
      return listPages(prefix)
    },

    async localPath(key) {
      assertKey(key)
      return null
    },

    async presignedGetUrl(key, seconds) {
      assertKey(key)
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 604_800) {
        throw new RangeError(`presigned URL lifetime must be 1..604800 seconds (S3's limit), got ${seconds}`)
      }
      return client.presignedGetObject(bucket, key, seconds)
    },

    async ping() {
      if (!(await checkBucket())) throw new Error(`${where} does not exist`)
    },
  }

  // Pages by hand rather than with the client's listObjectsV2 stream, which fixes the page size at 1000.
  async function* listPages(prefix: string): AsyncGenerator<BlobInfo> {
    let token = ''
    do {
      const page = await client.listObjectsV2Query(bucket, prefix, token, '', pageSize, '')
      for (const item of page.objects) {
        if (item.name === undefined) continue // a common prefix; none without a delimiter, but typed so
        yield {
          key: item.name,
          size: item.size,
          etag: item.etag,
          // Listings carry no content type and a HEAD per key would multiply the cost of a sweep.
          contentType: contentTypeForKey(item.name),
          lastModified: item.lastModified,
        }
      }
      if (page.isTruncated && !page.nextContinuationToken) {
        throw new Error(`${where}: listing of "${prefix}" is truncated but has no continuation token`)
      }
      token = page.isTruncated ? page.nextContinuationToken : ''
    } while (token !== '')
  }
}

function idleTimeoutTransport(useSSL: boolean, idleMs: number): Pick<typeof http, 'request'> {
  const base = useSSL ? https : http
  const request = (options: http.RequestOptions, callback?: (res: http.IncomingMessage) => void) => {
    const req = base.request(options, callback)
    req.setTimeout(idleMs, () => req.destroy(new Error(`S3 request idle for ${idleMs} ms`)))
    return req
  }
  return { request: request as typeof http.request }
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

// GET answers NoSuchKey; HEAD has no body, so the client can only say NotFound.
function isNotFound(err: unknown): boolean {
  const code = codeOf(err)
  return code === 'NoSuchKey' || code === 'NotFound'
}

// minio's typings wrap each failure in `{ Error }`, its parser returns the failures bare: accept both.
function failureOf(result: unknown): { code: string; key: string; message: string } | null {
  if (result === null || typeof result !== 'object') return null
  const inner = 'Error' in result ? (result as { Error: unknown }).Error : result
  if (inner === null || typeof inner !== 'object') return null
  const { Code, Key, Message } = inner as { Code?: unknown; Key?: unknown; Message?: unknown }
  return { code: String(Code ?? ''), key: String(Key ?? ''), message: String(Message ?? '') }
}
