import { createHmac, timingSafeEqual } from 'node:crypto'
import type { ExportLinks } from '@mosaic/core'

/** How long one link to a data export works; the settings page and the notification hand out fresh ones. */
export const EXPORT_LINK_TTL_SECONDS = 24 * 3600

const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * `/exports/<id>.zip?exp=…&sig=…`: an HMAC over the export's id and the expiry, under a label of its
 * own so that no media signature can stand for one. The route also wants the owner's session, so a
 * forwarded link opens nothing.
 */
export function createExportLinks(opts: { secret: string; ttlSeconds?: number; now?: () => number }): ExportLinks & {
  verify(id: string, exp: string | undefined, sig: string | undefined): boolean
} {
  const now = opts.now ?? Date.now
  const ttl = opts.ttlSeconds ?? EXPORT_LINK_TTL_SECONDS
  const sign = (id: string, exp: number) => createHmac('sha256', opts.secret).update(`export\n${id}\n${exp}`).digest('base64url')
  return {
    url(id) {
      const exp = Math.floor(now() / 1000) + ttl
      return `/exports/${id}.zip?exp=${exp}&sig=${sign(id, exp)}`
    },
    verify(id, exp, sig) {
      if (!ID_RE.test(id) || !exp || !sig || !/^\d{1,12}$/.test(exp)) return false
      if (Number(exp) * 1000 < now()) return false
      const expected = Buffer.from(sign(id, Number(exp)))
      const given = Buffer.from(sig)
      return expected.length === given.length && timingSafeEqual(expected, given)
    },
  }
}
