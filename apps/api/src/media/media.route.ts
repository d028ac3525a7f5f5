import { posts } from '@mosaic/core'
import type { Db } from '@mosaic/db'
import { contentTypeForKey, isValidKey, type BlobStore } from '@mosaic/storage'
import type { FastifyInstance } from 'fastify'
import type { createMediaUrls } from './urls.ts'

const IMMUTABLE = 'public, max-age=31536000, immutable'
const PUBLIC_CHECK_TTL_MS = 10_000

/**
 * GET /media/<key>: public content-addressed blobs for anyone; everything else only with a valid
 * unexpired signature. The filesystem driver streams bytes (with ETag and Range); S3 redirects
 * to a presigned URL so bytes never pass through this process.
 */
export function registerMediaRoute(app: FastifyInstance, deps: { db: Db; storage: BlobStore; urls: ReturnType<typeof createMediaUrls> }) {
  // A short cache of "is this key public": a hot image is checked once per window, not per request.
  const publicCache = new Map<string, { value: boolean; until: number }>()
  const isPublic = async (key: string) => {
    const hit = publicCache.get(key)
    if (hit && hit.until > Date.now()) return hit.value
    const value = await posts.isPublicMediaKey(deps, key)
    if (publicCache.size > 50_000) publicCache.clear()
    publicCache.set(key, { value, until: Date.now() + PUBLIC_CHECK_TTL_MS })
    return value
  }

  app.get<{ Params: { '*': string }; Querystring: { exp?: string; sig?: string } }>('/media/*', async (req, reply) => {
    const key = req.params['*']
    if (!isValidKey(key) || key.startsWith('raw/')) return reply.code(404).send({ error: 'Not Found' })
    const signed = req.query.sig !== undefined
    if (signed ? !deps.urls.verify(key, req.query.exp, req.query.sig) : !(await isPublic(key))) {
      return reply.code(403).send({ error: 'Forbidden', message: signed ? 'This link has expired' : 'This media is private' })
    }
    const cacheControl = signed ? 'private, max-age=3600' : IMMUTABLE

    if (deps.storage.kind === 's3') {
      const url = await deps.storage.presignedGetUrl(key, 3600)
      if (!url) return reply.code(404).send({ error: 'Not Found' })
      return reply.header('cache-control', signed ? 'private, max-age=600' : 'public, max-age=600').redirect(url, 302)
    }

    const info = await deps.storage.stat(key)
    if (!info) return reply.code(404).send({ error: 'Not Found' })
    const etag = `"${info.etag}"`
    reply.header('etag', etag).header('cache-control', cacheControl).header('accept-ranges', 'bytes')
    reply.header('content-type', info.contentType || contentTypeForKey(key)).header('x-content-type-options', 'nosniff')
    if (req.headers['if-none-match'] === etag) return reply.code(304).send()

    const range = parseRange(req.headers.range, info.size)
    if (range === 'invalid') return reply.code(416).header('content-range', `bytes */${info.size}`).send()
    const stream = await deps.storage.stream(key, range ?? undefined)
    if (!stream) return reply.code(404).send({ error: 'Not Found' })
    if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${info.size}`).header('content-length', range.end - range.start + 1)
    else reply.header('content-length', info.size)
    return reply.send(stream)
  })
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid'
  let start: number
  let end: number
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]))
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  return start > end || start >= size ? 'invalid' : { start, end }
}
