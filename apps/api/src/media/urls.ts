import { createHmac, timingSafeEqual } from 'node:crypto'
import type { MediaUrls } from '@mosaic/core'

export const SIGNED_URL_TTL_SECONDS = 3600

/**
 * Public blobs get immutable URLs (behind MEDIA_PUBLIC_BASE_URL when a CDN fronts them); private
 * ones get an HMAC over key and expiry. Expiry is rounded to the hour so URLs stay cacheable
 * for a while instead of changing on every request.
 */
export function createMediaUrls(opts: { secret: string; publicBaseUrl?: string | undefined; now?: () => number }): MediaUrls & {
  verify(key: string, exp: string | undefined, sig: string | undefined): boolean
} {
  const base = (opts.publicBaseUrl ?? '').replace(/\/$/, '')
  const now = opts.now ?? Date.now
  const sign = (key: string, exp: number) => createHmac('sha256', opts.secret).update(`${key}\n${exp}`).digest('base64url')
  return {
    public: (key) => `${base}/media/${key}`,
    signed(key) {
      const hour = 3600
      const exp = (Math.floor(now() / 1000 / hour) + 2) * hour
      return `/media/${key}?exp=${exp}&sig=${sign(key, exp)}`
    },
    verify(key, exp, sig) {
      if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false
      if (Number(exp) * 1000 < now()) return false
      const expected = Buffer.from(sign(key, Number(exp)))
      const given = Buffer.from(sig)
      return expected.length === given.length && timingSafeEqual(expected, given)
    },
  }
}
