import { inArray, lt, lte, schema, sql } from '@mosaic/db'
import type { CoreDeps } from '../deps.ts'
import { avatarReference } from '../users/avatar.keys.ts'

const { dataExports, media, postMedia, stories, users } = schema

export const SWEEP_GRACE_SECONDS = 6 * 3600
const SHA_IN_KEY = /^variants\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})/
// A video's upload (`source/<sha>.<ext>`) and its transcode (`video/<sha>.mp4`), named by the upload's hash.
const SHA_IN_VIDEO_KEY = /^(?:source|video)\/([0-9a-f]{64})\./

export type SweepResult = { mediaRows: number; blobs: number; expiredStories: number; expiredExports: number }

type Deps = Pick<CoreDeps, 'db' | 'storage'>

/**
 * Garbage-collects photo content nobody references any more:
 * 1. stories past their expiry (reads already hide them at `expiresAt`, whenever this runs), with their views;
 * 2. media rows that no post or story uses (a deleted post's photos, an expired story's), once older than
 *    the grace period;
 * 3. blobs whose content has no media row (a crash between storing blobs and writing rows, or step 2);
 * 4. avatar blobs that are no one's avatar (a replaced or removed one, or a failed change);
 * 5. uploads as received, which earlier versions kept under `raw/` (they may carry a GPS position);
 * 6. videos' uploads and transcodes whose content has no media row;
 * 7. data exports past their expiry, and export zips without a row (a deleted account's, a crash's).
 * Uploads store blobs before their rows, so a blob younger than the grace period may belong to an
 * upload still in flight: it is left alone.
 */
export async function sweepOrphans(deps: Deps, opts: { graceSeconds?: number; now?: Date } = {}): Promise<SweepResult> {
  const now = opts.now ?? new Date()
  const cutoff = new Date(now.getTime() - (opts.graceSeconds ?? SWEEP_GRACE_SECONDS) * 1000)

  const expired = await deps.db.delete(stories).where(lte(stories.expiresAt, now)).returning({ id: stories.id })
  const expiredExports = await deps.db.delete(dataExports).where(lte(dataExports.expiresAt, now)).returning({ key: dataExports.blobKey })
  const exportKeys = expiredExports.flatMap((e) => (e.key ? [e.key] : []))
  if (exportKeys.length > 0) await deps.storage.delete(exportKeys)

  const removed = await deps.db
    .delete(media)
    .where(
      sql`${lt(media.createdAt, cutoff)}
        and not exists (select 1 from ${postMedia} where ${postMedia.mediaId} = ${media.id})
        and not exists (select 1 from ${stories} where ${stories.mediaId} = ${media.id})`,
    )
    .returning({ id: media.id })

  const liveShas = async (shas: string[]) =>
    new Set((await deps.db.select({ sha: media.sha256 }).from(media).where(inArray(media.sha256, shas))).map((r) => r.sha))
  const liveAvatars = async (references: string[]) =>
    new Set((await deps.db.select({ key: users.avatarKey }).from(users).where(inArray(users.avatarKey, references))).map((r) => r.key))

  let blobs = 0
  blobs += await collect(deps, 'variants/', cutoff, (key) => SHA_IN_KEY.exec(key)?.[1] ?? null, liveShas)
  // Uploads as received, which earlier versions kept under raw/ (they may carry GPS): none is live.
  blobs += await collect(deps, 'raw/', cutoff, (key) => key, async () => new Set())
  blobs += await collect(deps, 'avatars/', cutoff, avatarReference, liveAvatars)
  for (const prefix of ['source/', 'video/']) blobs += await collect(deps, prefix, cutoff, (key) => SHA_IN_VIDEO_KEY.exec(key)?.[1] ?? null, liveShas)
  const liveExports = async (keys: string[]) =>
    new Set((await deps.db.select({ key: dataExports.blobKey }).from(dataExports).where(inArray(dataExports.blobKey, keys))).map((r) => r.key))
  blobs += await collect(deps, 'exports/', cutoff, (key) => key, liveExports)
  return { mediaRows: removed.length, blobs: blobs + exportKeys.length, expiredStories: expired.length, expiredExports: expiredExports.length }
}

/**
 * Deletes the blobs under `prefix` older than `cutoff` whose reference (what a row would hold to keep
 * them: a content hash, an avatar key) `live` does not know, checking 500 at a time.
 */
async function collect(
  deps: Deps,
  prefix: string,
  cutoff: Date,
  referenceOf: (key: string) => string | null,
  live: (references: string[]) => Promise<Set<string | null>>,
): Promise<number> {
  let deleted = 0
  let batch: { key: string; reference: string }[] = []
  const flush = async () => {
    if (batch.length === 0) return
    const alive = await live([...new Set(batch.map((b) => b.reference))])
    const dead = batch.filter((b) => !alive.has(b.reference)).map((b) => b.key)
    if (dead.length > 0) await deps.storage.delete(dead)
    deleted += dead.length
    batch = []
  }
  for await (const blob of deps.storage.list(prefix)) {
    const reference = referenceOf(blob.key)
    if (!reference || blob.lastModified >= cutoff) continue
    batch.push({ key: blob.key, reference })
    if (batch.length >= 500) await flush()
  }
  await flush()
  return deleted
}
