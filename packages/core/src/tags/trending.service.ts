import type { CoreDeps } from '../deps.ts'
import { coalesce } from '../limits/coalesce.ts'
import type { TrendingList, TrendingTag } from '../types.ts'
import { rankTrends, stillFresh } from './trending.math.ts'

type Deps = Pick<CoreDeps, 'tagTrends' | 'discovery' | 'clock'>

/**
 * Recomputes the top list from the window's counts (the worker, every TRENDING_REFRESH_SECONDS).
 * A list younger than the interval is kept, so extra triggers (several workers, a retry) do not
 * recompute it; `force` recomputes anyway.
 */
export async function refreshTrending(deps: Deps, opts: { force?: boolean } = {}): Promise<TrendingList> {
  const now = deps.clock.now().getTime()
  if (!opts.force) {
    const current = await deps.tagTrends.loadTop()
    if (current && stillFresh(current.computedAt, now, deps.discovery.trendingRefreshSeconds)) return current
  }
  const counts = await deps.tagTrends.counts(now)
  const list = { computedAt: now, items: rankTrends(counts) }
  await deps.tagTrends.saveTop(list)
  return list
}

/**
 * `tag.trending`: the list the worker last computed. Only before the first refresh does a request
 * compute one (once, however many requests arrive meanwhile), so a fresh install is not empty.
 */
export async function trendingTags(deps: Deps, limit: number): Promise<TrendingTag[]> {
  const top = (await deps.tagTrends.loadTop()) ?? (await coalesce(deps.tagTrends, () => refreshTrending(deps, { force: true })))
  return top.items.slice(0, limit)
}
