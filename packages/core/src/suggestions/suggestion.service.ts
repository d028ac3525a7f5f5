import { and, inArray, ne, schema, sql } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import type { SuggestionReason } from '../types.ts'
import { summaryColumns, toSummary, type UserSummary } from '../users/user.shape.ts'
import { noBlockBetween } from '../access/visibility.ts'
import { refreshOnce, suggestionsChanged } from './refresh.ts'

const { users, follows } = schema

export type Suggestion = UserSummary & { reason: string }

type Deps = Pick<CoreDeps, 'db' | 'urls' | 'queue' | 'suggestionCache' | 'suggestionConfig'>

/**
 * The followers an account needs before a suggestion calls it popular. The popular pool is simply
 * the most followed accounts, which on a young or small server includes people with one follower:
 * those are "suggested", not "popular".
 */
export const POPULAR_MIN_FOLLOWERS = 100

/** A reason a person understands; `followers` is the suggested account's count now. */
export function reasonText(r: SuggestionReason, followers: number): string {
  switch (r.kind) {
    case 'followed':
      if (r.others === 0) return `Followed by ${r.via}`
      return `Followed by ${r.via} and ${r.others} other${r.others === 1 ? '' : 's'} you follow`
    case 'network':
      return `Popular with people ${r.via} follows`
    case 'popular':
      return followers >= POPULAR_MIN_FOLLOWERS ? 'Popular on Mosaic' : 'Suggested for you'
  }
}

/**
 * Who to follow, from the list the worker keeps per person (see compute.ts for the walk and the
 * ranking). A person's first request computes it inline, once; a list past its refresh age is
 * served once more while the worker recomputes it. Whatever the cache holds is checked against
 * the follows and blocks of this moment, so nobody just followed, requested or blocked shows up.
 */
export async function suggestions(deps: Deps, viewer: Viewer, limit: number): Promise<Suggestion[]> {
  let list = await deps.suggestionCache.get(viewer.id)
  if (!list) list = await refreshOnce(deps, viewer.id)
  else if (Date.now() - list.computedAt >= deps.suggestionConfig.refreshMs) await suggestionsChanged(deps, viewer.id)
  if (list.items.length === 0) return []

  const still = await deps.db
    .select({ ...summaryColumns, followerCount: users.followerCount })
    .from(users)
    .where(
      and(
        inArray(
          users.id,
          list.items.map((i) => i.id),
        ),
        ne(users.id, viewer.id),
        sql`not exists (select 1 from ${follows} f where f.follower_id = ${viewer.id} and f.followee_id = ${users.id})`,
        noBlockBetween(viewer.id, users.id),
      ),
    )
  const byId = new Map(still.map((u) => [u.id, u]))
  const out: Suggestion[] = []
  for (const item of list.items) {
    const row = byId.get(item.id)
    if (row) out.push({ ...toSummary(row, deps.urls), reason: reasonText(item.reason, row.followerCount) })
    if (out.length === limit) break
  }
  return out
}
