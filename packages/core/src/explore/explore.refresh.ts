import { rows, schema, sql } from '@mosaic/db'
import type { CoreDeps } from '../deps.ts'
import { stillFresh } from '../tags/trending.math.ts'
import { topScoreSql } from '../tags/tag.service.ts'
import type { ExploreSet } from '../types.ts'

const { posts, users } = schema

/** How recent a post must be to be explored. The decay ranks within it. */
export const EXPLORE_WINDOW_DAYS = 7
/** Candidates kept: enough for many pages, small enough to read and snapshot per request. */
export const EXPLORE_SET_SIZE = 500
/** Posts of one author in the whole set (pages hold two each). */
const PER_AUTHOR_IN_SET = 6

type Deps = Pick<CoreDeps, 'db' | 'exploreSet' | 'discovery' | 'clock'>

/**
 * Recomputes explore's candidate set (the worker, every EXPLORE_REFRESH_SECONDS): the best public
 * posts of the last week by decayed engagement at the injected `now`, a few per author. A set
 * younger than the interval is kept unless `force`.
 */
export async function refreshExplore(deps: Deps, opts: { force?: boolean } = {}): Promise<ExploreSet> {
  const now = deps.clock.now().getTime()
  if (!opts.force) {
    const current = await deps.exploreSet.load()
    if (current && stillFresh(current.computedAt, now, deps.discovery.exploreRefreshSeconds)) return current
  }
  const at = sql`${new Date(now).toISOString()}::timestamptz`
  const since = sql`${new Date(now - EXPLORE_WINDOW_DAYS * 86_400_000).toISOString()}::timestamptz`
  const ranked = await rows<{ id: string; author_id: string; score: number }>(
    deps.db,
    // The best few thousand by score first (a top-N sort, no full sort of the week), then the
    // per-author cap over those only.
    sql`select id, author_id, score from (
          select id, author_id, score, row_number() over (partition by author_id order by score desc, id desc) as nth
          from (
            select ${posts.id} as id, ${posts.authorId} as author_id, ${topScoreSql(at)} as score
            from ${posts} join ${users} on ${users.id} = ${posts.authorId}
            where ${posts.createdAt} > ${since} and ${posts.createdAt} <= ${at} and ${posts.ready} and not ${users.isPrivate}
            order by score desc, id desc
            limit ${EXPLORE_SET_SIZE * PER_AUTHOR_IN_SET}
          ) scored
        ) capped
        where nth <= ${PER_AUTHOR_IN_SET}
        order by score desc, id desc
        limit ${EXPLORE_SET_SIZE}`,
  )
  const set: ExploreSet = { computedAt: now, items: ranked.map((r) => ({ id: r.id, authorId: r.author_id, score: Number(r.score) })) }
  await deps.exploreSet.save(set)
  return set
}
