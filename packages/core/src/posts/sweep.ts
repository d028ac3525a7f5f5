import { inArray, lt, lte, schema, sql } from '@mosaic/db'
import type { CoreDeps } from '../deps.ts'

const { media, postMedia, stories } = schema

export const SWEEP_GRACE_SECONDS = 6 * 3600
const SHA_IN_KEY = /^(?:variants|raw)\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})/

export type SweepResult = { mediaRows: number; blobs: number; expiredStories: number }

/**
 * Garbage-collects photo content nobody references any more:
 * 1. stories past their expiry (reads already hide them at `expiresAt`, whenever this runs), with their views;
 * 2. media rows that no post or story uses (a deleted post's photos, an expired story's), once older than
 *    the grace period;
 * 3. blobs whose content has no media row (a crash between storing blobs and writing rows, or step 2).
 * Uploads store blobs before their rows, so a blob younger than the grace period may belong to an
 * upload still in flight: it is left alone.
 */
export async function sweepOrphans(deps: Pick<CoreDeps, 'db' | 'storage'>, opts: { graceSeconds?: number; now?: Date } = {}): Promise<SweepResult> {
  const now = opts.now ?? new Date()
  const cutoff = new Date(now.getTime() - (opts.graceSeconds ?? SWEEP_GRACE_SECONDS) * 1000)

  const expired = await deps.db.delete(stories).where(lte(stories.expiresAt, now)).returning({ id: stories.id })

  const removed = await deps.db
    .delete(media)
    .where(
      sql`${lt(media.createdAt, cutoff)}
        and not exists (select 1 from ${postMedia} where ${postMedia.mediaId} = ${media.id})
        and not exists (select 1 from ${stories} where ${stories.mediaId} = ${media.id})`,
    )
    .returning({ id: media.id })

  let blobs = 0
  for (const prefix of ['variants/', 'raw/']) {
    let batch: { key: string; sha: string }[] = []
    const flush = async () => {
      if (batch.length === 0) return
      const shas = [...new Set(batch.map((b) => b.sha))]
      const live = new Set((await deps.db.select({ sha: media.sha256 }).from(media).where(inArray(media.sha256, shas))).map((r) => r.sha))
      const dead = batch.filter((b) => !live.has(b.sha)).map((b) => b.key)
      if (dead.length > 0) await deps.storage.delete(dead)
      blobs += dead.length
      batch = []
    }
    for await (const blob of deps.storage.list(prefix)) {
      const sha = SHA_IN_KEY.exec(blob.key)?.[1]
      if (!sha || blob.lastModified >= cutoff) continue
      batch.push({ key: blob.key, sha })
      if (batch.length >= 500) await flush()
    }
    await flush()
  }
  return { mediaRows: removed.length, blobs, expiredStories: expired.length }
}
