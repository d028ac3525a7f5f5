import { rows, sql, type Queryable } from '@mosaic/db'
import { visibleInFeed } from '../posts/post.shape.ts'
import type { FeedEntry } from '../types.ts'

export type { FeedEntry }

/** Keyset position in a newest-first feed: strictly older than (t, id). */
export type After = { t: number; id: string } | null

const afterClause = (after: After) =>
  after ? sql`and (p.created_at, p.id) < (to_timestamp(${after.t} / 1000.0), ${after.id}::uuid)` : sql``

/**
 * The home feed's pull path: the newest posts of everyone the viewer follows (and the viewer's
 * own), from Postgres by index — one short index range per followed author (LATERAL), merged.
 * Serves when Redis is not configured or not answering, rebuilds timelines, and is the oracle.
 */
export async function pullLatest(
  db: Queryable,
  viewerId: string,
  opts: { after?: After; limit: number; since?: Date; excludeFollowersOver?: number },
): Promise<FeedEntry[]> {
  const since = opts.since ? sql`and p.created_at > ${opts.since.toISOString()}::timestamptz` : sql``
  const celebs = opts.excludeFollowersOver !== undefined ? sql`and u.follower_count <= ${opts.excludeFollowersOver}` : sql``
  const list = await rows<{ id: string; t: string | number }>(
    db,
    sql`
    with authors as (
      select f.followee_id as id from follows f join users u on u.id = f.followee_id
      where f.follower_id = ${viewerId} and f.state = 'accepted' ${celebs}
      union all select ${viewerId}::uuid
    )
    select p.id, (extract(epoch from p.created_at) * 1000)::bigint as t
    from authors a
    cross join lateral (
      select p.id, p.created_at from posts p
      where p.author_id = a.id and (p.ready or p.author_id = ${viewerId}) ${afterClause(opts.after ?? null)} ${since}
      order by p.created_at desc, p.id desc
      limit ${opts.limit}
    ) p
    order by p.created_at desc, p.id desc
    limit ${opts.limit}`,
  )
  return list.map((r) => ({ id: r.id, t: Number(r.t) }))
}

/** An author's newest published posts (for the per-author list and follow backfill: what others see). */
export async function authorLatest(db: Queryable, authorId: string, limit: number): Promise<FeedEntry[]> {
  const list = await rows<{ id: string; t: string | number }>(
    db,
    sql`select id, (extract(epoch from created_at) * 1000)::bigint as t from posts where author_id = ${authorId} and ready
        order by created_at desc, id desc limit ${limit}`,
  )
  return list.map((r) => ({ id: r.id, t: Number(r.t) }))
}

/** Followed accounts above the celebrity threshold: their posts are merged at read time. */
export async function followedCelebrities(db: Queryable, viewerId: string, threshold: number): Promise<string[]> {
  const list = await rows<{ id: string }>(
    db,
    sql`select u.id from follows f join users u on u.id = f.followee_id
        where f.follower_id = ${viewerId} and f.state = 'accepted' and u.follower_count > ${threshold}`,
  )
  return list.map((r) => r.id)
}

/** Which of these accounts the viewer follows now (approved): one primary-key range read. */
export async function followedAmong(db: Queryable, viewerId: string, authorIds: string[]): Promise<Set<string>> {
  if (authorIds.length === 0) return new Set()
  const list = await rows<{ id: string }>(
    db,
    sql`select followee_id as id from follows
        where follower_id = ${viewerId} and followee_id = any(${`{${authorIds.join(',')}}`}::uuid[]) and state = 'accepted'`,
  )
  return new Set(list.map((r) => r.id))
}

/** Compares feed positions newest-first: (t desc, id desc), as both Postgres and Redis order them. */
export const newerFirst = (a: FeedEntry, b: FeedEntry) => b.t - a.t || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
export const isOlder = (e: FeedEntry, after: After) => !after || e.t < after.t || (e.t === after.t && e.id < after.id)

/** What `top` ranks by, for candidates the viewer may still see: one light indexed query. */
export async function candidateCounts(db: Queryable, viewerId: string, ids: string[]) {
  if (ids.length === 0) return []
  const list = await rows<{ id: string; t: string | number; like_count: number; comment_count: number }>(
    db,
    sql`select p.id, (extract(epoch from p.created_at) * 1000)::bigint as t, p.like_count, p.comment_count from posts p
        where p.id = any(${`{${ids.join(',')}}`}::uuid[]) and ${visibleInFeed(viewerId)}`,
  )
  return list.map((r) => ({ id: r.id, createdAtMs: Number(r.t), likeCount: r.like_count, commentCount: r.comment_count }))
}

