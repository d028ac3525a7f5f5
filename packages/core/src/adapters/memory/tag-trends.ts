import { rows, sql, type Queryable } from '@mosaic/db'
import type { TagTrends } from '../../ports.ts'
import { reachWeightSql, trendBuckets } from '../../tags/trending.math.ts'
import type { TagCount, TrendingList } from '../../types.ts'

const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`

/**
 * Trending without Redis (embedded mode, and the fallback while Redis does not answer): the same
 * counts as the Redis buckets, computed from Postgres (post_tags by created_at) when the worker
 * refreshes; the top list is kept in this process.
 */
export function createPostgresTagTrends(db: Queryable, windowMs: number): TagTrends {
  let top: TrendingList | null = null
  return {
    async record() {
      // Postgres already holds every use: post_tags carries the post's time.
    },
    counts: (now) => postgresTagCounts(db, now, windowMs),
    async loadTop() {
      return top
    },
    async saveTop(list) {
      top = list
    },
  }
}

type Row = { tag: string; posts: number; observed: number; expected: number }

/**
 * One statement: the uses of public accounts from the start of the baseline to now; per tag the
 * window's posts and the reach of its distinct accounts, and the baseline's mean per bucket of the
 * reach of each bucket's distinct accounts.
 */
export async function postgresTagCounts(db: Queryable, now: number, windowMs: number): Promise<TagCount[]> {
  const b = trendBuckets(now, windowMs)
  const list = await rows<Row>(
    db,
    sql`with uses as (
          select pt.tag_id, pt.post_id, p.author_id, pt.created_at, ${reachWeightSql(sql`u.follower_count`)} as w
          from post_tags pt
          join posts p on p.id = pt.post_id
          join users u on u.id = p.author_id
          where pt.created_at >= ${at(b.baselineStart)} and pt.created_at <= ${at(now)} and not u.is_private
        ),
        win as (
          select tag_id, count(distinct post_id)::int as posts from uses where created_at > ${at(now - windowMs)} group by tag_id
        ),
        reach as (
          select tag_id, sum(w)::float8 as observed
          from (select distinct tag_id, author_id, w from uses where created_at > ${at(now - windowMs)}) a
          group by tag_id
        ),
        base as (
          select tag_id, (sum(w) / ${b.baseline.length})::float8 as expected
          from (
            select distinct tag_id, author_id, floor(extract(epoch from created_at) * 1000 / ${windowMs}) as k, w
            from uses where created_at < ${at(b.baselineEnd)} and tag_id in (select tag_id from win)
          ) x
          group by tag_id
        )
        select t.name as tag, win.posts, reach.observed, coalesce(base.expected, 0)::float8 as expected
        from win
        join reach on reach.tag_id = win.tag_id
        join tags t on t.id = win.tag_id
        left join base on base.tag_id = win.tag_id`,
  )
  return list.map((r) => ({ tag: r.tag, posts: Number(r.posts), observed: Number(r.observed), expected: Number(r.expected) }))
}
