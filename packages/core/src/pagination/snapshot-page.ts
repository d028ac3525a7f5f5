import { DomainError } from '../errors.ts'
import type { RankSnapshots } from '../ports.ts'

export type SnapshotPage = {
  /** The ids of this page, in ranked order. */
  ids: string[]
  /** Where the next page starts, or null on the last one. */
  next: { snapshotId: string; offset: number } | null
  /** Whether the ranking was made for this request (false: read back from a saved snapshot). */
  fresh: boolean
  /** The snapshot this page is from. */
  snapshotId: string
}

/**
 * A page of a ranking frozen at the client's first page (`feed.home` top, `tag.posts` top): the
 * first page ranks and saves the list; later pages read it back by id, so new likes and posts
 * never make a page repeat or skip an item. An expired snapshot is a BAD_REQUEST on `cursor`.
 */
export async function snapshotPage(
  snapshots: RankSnapshots,
  at: { snapshotId: string; offset: number } | null,
  limit: number,
  rankNow: () => Promise<string[]>,
): Promise<SnapshotPage> {
  let snapshotId: string
  let ranked: string[]
  if (at) {
    const saved = await snapshots.load(at.snapshotId)
    if (!saved) throw new DomainError('BAD_REQUEST', 'That page has expired; start again from the top', { field: 'cursor' })
    ;[snapshotId, ranked] = [at.snapshotId, saved]
  } else {
    ranked = await rankNow()
    snapshotId = await snapshots.save(ranked)
  }
  const offset = at?.offset ?? 0
  return { ids: ranked.slice(offset, offset + limit), next: offset + limit < ranked.length ? { snapshotId, offset: offset + limit } : null, fresh: !at, snapshotId }
}
