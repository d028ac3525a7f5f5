import { posts } from '@mosaic/core'
import type { Db } from '@mosaic/db'
import { contentTypeForKey, isPrivateKey, isValidKey, type BlobStore } from '@mosaic/storage'
import type { FastifyInstance } from 'fastify'
import type { createMediaUrls } from './urls.ts'

const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * GET /media/<key>: public content-addressed blobs for anyone; everything else only with a valid
 * unexpired signature. The filesystem driver streams bytes (with ETag and Range, which a video
 * player seeks with: 206, or 416 past the end); S3 redirects to a presigned URL so bytes never
 * pass through this process (S3 answers Range itself).
 *
 * A key is public while any post of a public account holds its content (blobs are shared by hash:
 * the same bytes posted by a public account are public under that account's post too), or it is
 * an avatar. That is asked of Postgres on every unsigned request, never remembered, so an account
 * that turns private stops serving its unsigned URLs at the next request, in every process.
 * Concurrent requests for one key share one query. Browsers and CDNs do not come back for an
 * immutable blob, so this costs one indexed query per cache miss, not per view.
 */
export function registerMediaRoute(app: FastifyInstance, deps: { db: Db; storage: BlobStore; urls: ReturnType<typeof createMediaUrls> }) {
  const inFlight = new Map<string, Promise<boolean>>()
  const isPublic = (key: string) => {
    let pending = inFlight.get(key)
    if (!pending) {
      pending = posts.isPublicMediaKey(deps, key).finally(() => inFlight.delete(key))
      inFlight.set(key, pending)
    }
    return pending
  }

  app.get<{ Params: { '*': string }; Querystring: { exp?: string; sig?: string } }>('/media/*', async (req, reply) => {
    const key = req.params['*']
    // Uploads as received (a video's source may carry its GPS position) are never served, signed or not.
    if (!isValidKey(key) || isPrivateKey(key)) return reply.code(404).send({ error: 'Not Found' })
    const signed = req.query.sig !== undefined
    if (signed ? !deps.urls.verify(key, req.query.exp, req.query.sig) : !(await isPublic(key))) {
      return reply.code(403).send({ error: 'Forbidden', message: signed ? 'This link has expired' : 'This media is private' })
    }
    // A signed answer is cached no longer than its URL lives.
    const left = signed ? deps.urls.secondsLeft(req.query.exp) : 0
    const cacheControl = signed ? `private, max-age=${left}` : IMMUTABLE

    if (deps.storage.kind === 's3') {
      // The presigned URL is not bound to a viewer either: it lives as long as the signed one did,
      // and for a public key no longer than a signed URL would, so a key that turns private
      // stops working everywhere within SIGNED_URL_TTL_SECONDS.
      const ttl = deps.urls.ttlSeconds
      const url = await deps.storage.presignedGetUrl(key, signed ? Math.max(1, left) : ttl)
      if (!url) return reply.code(404).send({ error: 'Not Found' })
      return reply.header('cache-control', signed ? `private, max-age=${Math.floor(left / 2)}` : `public, max-age=${Math.floor(ttl / 2)}`).redirect(url, 302)
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
