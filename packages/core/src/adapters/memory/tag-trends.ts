import { rows, sql, type Queryable, type SQL } from '@mosaic/db'
import type { TagTrends } from '../../ports.ts'
import { reachWeightSql, trendBuckets } from '../../tags/trending.math.ts'
import type { TrendingList } from '../../types.ts'

const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`

/**
 * Trending without Redis (embedded mode, and the fallback while Redis does not answer): the same
 * counts as the Redis buckets, computed from Postgres (post_tags by created_at) when the worker
 * refreshes. The baseline changes only when the window moves into a new bucket, so it is computed
 * once per bucket (the week's scan) and each refresh reads only the window. The top list is kept
 * in this process.
 */
export function createPostgresTagTrends(db: Queryable, windowMs: number): TagTrends {
  let top: TrendingList | null = null
  let baseline: { end: number; expected: Promise<Map<string, number>> } | null = null
  const expectedAt = (now: number) => {
    const b = trendBuckets(now, windowMs)
    let current = baseline
    if (current?.end !== b.baselineEnd) {
      const fresh = { end: b.baselineEnd, expected: postgresBaseline(db, b, windowMs) }
      baseline = current = fresh
      // A failed computation is not remembered.
      fresh.expected.catch(() => {
        if (baseline === fresh) baseline = null
      })
    }
    return current.expected
  }
  return {
    async record() {
      // Postgres already holds every use: post_tags carries the post's time.
    },
    async counts(now) {
      const [window, expected] = await Promise.all([postgresWindow(db, now, windowMs), expectedAt(now)])
      return window.map((w) => ({ ...w, expected: expected.get(w.tag) ?? 0 }))
    },
    async loadTop() {
      return top
    },
    async saveTop(list) {
      top = list
    },
  }
}

const uses = (from: SQL, to: SQL) => sql`
  from post_tags pt
  join posts p on p.id = pt.post_id
  join users u on u.id = p.author_id
  where ${from} and ${to} and p.ready and not u.is_private`

/** Per tag used in (now − window, now]: its posts, and the reach of its distinct accounts. */
async function postgresWindow(db: Queryable, now: number, windowMs: number) {
  const list = await rows<{ tag: string; posts: number; observed: number }>(
    db,
    sql`with per_author as (
          select pt.tag_id, p.author_id, max(${reachWeightSql(sql`u.follower_count`)}) as w, count(distinct pt.post_id) as posts
          ${uses(sql`pt.created_at > ${at(now - windowMs)}`, sql`pt.created_at <= ${at(now)}`)}
          group by pt.tag_id, p.author_id
        )
        select t.name as tag, sum(posts)::int as posts, sum(w)::float8 as observed
        from per_author join tags t on t.id = per_author.tag_id
        group by t.name`,
  )
  return list.map((r) => ({ tag: r.tag, posts: Number(r.posts), observed: Number(r.observed) }))
}

/** Per tag: the mean over the baseline's buckets of the reach of each bucket's distinct accounts. */
async function postgresBaseline(db: Queryable, b: ReturnType<typeof trendBuckets>, windowMs: number): Promise<Map<string, number>> {
  const list = await rows<{ tag: string; expected: number }>(
    db,
    sql`select t.name as tag, (sum(w) / ${b.baseline.length})::float8 as expected
        from (
          select distinct pt.tag_id, p.author_id, floor(extract(epoch from pt.created_at)::float8 * 1000 / ${windowMs}) as k,
            ${reachWeightSql(sql`u.follower_count`)} as w
          ${uses(sql`pt.created_at >= ${at(b.baselineStart)}`, sql`pt.created_at < ${at(b.baselineEnd)}`)}
        ) x
        join tags t on t.id = x.tag_id
        group by t.name`,
  )
  return new Map(list.map((r) => [r.tag, Number(r.expected)]))
}
