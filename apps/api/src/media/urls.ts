import { createHmac, timingSafeEqual } from 'node:crypto'
import type { MediaUrls } from '@mosaic/core'

/** The default lifetime of a signed URL (SIGNED_URL_TTL_SECONDS). */
export const DEFAULT_SIGNED_URL_TTL_SECONDS = 600

/**
 * Public blobs get immutable URLs (behind MEDIA_PUBLIC_BASE_URL when a CDN fronts them); private
 * ones get an HMAC over key and expiry. A signed URL is not bound to a viewer, so its lifetime is
 * how long someone removed or blocked keeps the bytes: at most `ttlSeconds`. Expiry is bucketed
 * (a quarter of the lifetime) so one URL is handed out for a while and stays cacheable, always
 * with at least three quarters of its life ahead; the web app refetches before it runs out.
 */
export function createMediaUrls(opts: { secret: string; publicBaseUrl?: string | undefined; ttlSeconds?: number | undefined; now?: () => number }): MediaUrls & {
  verify(key: string, exp: string | undefined, sig: string | undefined): boolean
  /** Seconds a signed URL with this expiry has left (0 when expired or malformed). */
  secondsLeft(exp: string | undefined): number
  /** The longest a signed URL lives. */
  ttlSeconds: number
} {
  const base = (opts.publicBaseUrl ?? '').replace(/\/$/, '')
  const now = opts.now ?? Date.now
  const ttl = opts.ttlSeconds ?? DEFAULT_SIGNED_URL_TTL_SECONDS
  const bucket = Math.max(1, Math.floor(ttl / 4))
  const sign = (key: string, exp: number) => createHmac('sha256', opts.secret).update(`${key}\n${exp}`).digest('base64url')
  const secondsLeft = (exp: string | undefined) => (exp && /^\d{1,12}$/.test(exp) ? Math.max(0, Number(exp) - Math.floor(now() / 1000)) : 0)
  return {
    public: (key) => `${base}/media/${key}`,
    signed(key) {
      const exp = Math.floor(now() / 1000 / bucket) * bucket + ttl
      return `/media/${key}?exp=${exp}&sig=${sign(key, exp)}`
    },
    verify(key, exp, sig) {
      if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false
      if (Number(exp) * 1000 < now()) return false
      const expected = Buffer.from(sign(key, Number(exp)))
      const given = Buffer.from(sig)
      return expected.length === given.length && timingSafeEqual(expected, given)
    },
    secondsLeft,
    ttlSeconds: ttl,
  }
}
