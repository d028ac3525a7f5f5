// The arithmetic of trending tags, shared by the Redis buckets and the Postgres answer so that both
// engines count the same thing. The README's "Trending tags" section explains the formula.
import { sql, type SQL, type SQLWrapper } from '@mosaic/db'
import type { TagCount, TrendingTag } from '../types.ts'

/** How far back "usual" reaches: the baseline a window is compared with. */
export const BASELINE_SECONDS = 7 * 24 * 3600

/** Tags kept in the top list (the most `tag.trending` may ask for). */
export const TRENDING_KEEP = 50

/**
 * Time is cut into buckets one window long (bucket k covers [k·W, (k+1)·W) in epoch ms). The
 * window itself slides: (now − W, now], read from the one or two buckets it overlaps with exact
 * timestamps. The baseline is the whole buckets before the bucket the window starts in.
 */
export function trendBuckets(now: number, windowMs: number) {
  const first = Math.floor((now - windowMs) / windowMs)
  const last = Math.floor(now / windowMs)
  const baselineCount = Math.max(1, Math.round((BASELINE_SECONDS * 1000) / windowMs))
  return {
    window: first === last ? [last] : [first, last],
    baseline: Array.from({ length: baselineCount }, (_, i) => first - baselineCount + i),
    baselineStart: (first - baselineCount) * windowMs,
    baselineEnd: first * windowMs,
  }
}

/** An account's reach: 1 for nobody's follower, growing with the log of its follower count. */
export const reachWeight = (followers: number) => 1 + Math.log1p(Math.max(0, followers))
export const reachWeightSql = (followerCount: SQLWrapper): SQL => sql`(1 + ln(1 + greatest(${followerCount}, 0)::float8))`

/**
 * How far above its usual level a tag is: a Poisson-style z-score of the observed reach against
 * the reach expected from the baseline, (observed − expected) / √(expected + 1). A new tag scores
 * its reach; a tag at its usual level scores 0.
 */
export const trendScore = (c: Pick<TagCount, 'observed' | 'expected'>) => (c.observed - c.expected) / Math.sqrt(c.expected + 1)

/** The top list: tags above their usual level, highest score first. */
export function rankTrends(counts: TagCount[], keep = TRENDING_KEEP): TrendingTag[] {
  return counts
    .map((c) => ({ tag: c.tag, posts: c.posts, raw: trendScore(c) }))
    .filter((c) => c.raw > 0 && c.posts > 0)
    .sort((a, b) => b.raw - a.raw || b.posts - a.posts || (a.tag < b.tag ? -1 : 1))
    .slice(0, keep)
    .map((c) => ({ tag: c.tag, score: Math.round(c.raw * 1000) / 1000, posts: c.posts }))
}

/** Whether a list computed at `at` is still within its refresh interval at `now` (a clock that went back never is). */
export const stillFresh = (at: number, now: number, refreshSeconds: number) => now >= at && now - at < refreshSeconds * 900
