import { rows, sql } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { noBlockBetween } from '../access/visibility.ts'
import { toSummary, type UserSummary } from '../users/user.shape.ts'
import { prefixRange, userQuery } from './query.ts'

type Hit = { id: string; username: string; display_name: string; avatar_key: string | null; follower_count: number; class: number; sim: number }

/** Fuzzy matching needs a few letters: below three, trigrams match nearly everyone and mean nothing. */
const FUZZY_MIN_LENGTH = 3

/**
 * People for a search box, as it is typed: the exact username first, then usernames and names
 * that start with what was typed, then names that look like it (trigram similarity on the username
 * and on the words of the display name). Within each kind, the most followed first. Nobody in a
 * block with the viewer, either way, ever appears. Anyone may ask, signed in or not.
 *
 * Fast at 100,000 people: each kind is one index range (the unique lower(username) index, the two
 * text_pattern_ops indexes, or the trigram GIN indexes) cut at `limit`, and a short prefix that
 * matches thousands walks the follower-count index instead until enough match (the planner picks).
 * The fuzzy query runs only when the exact and prefix matches did not fill the list.
 */
export async function searchUsers(deps: Pick<CoreDeps, 'db' | 'urls'>, viewer: Viewer | null, input: { q: string; limit: number }): Promise<UserSummary[]> {
  const q = userQuery(input.q)
  if (!q) return []
  const allowed = viewer ? noBlockBetween(viewer.id, sql`u.id`) : sql`true`
  const cols = sql`u.id, u.username, u.display_name, u.avatar_key, u.follower_count`
  const n = input.limit + 1
  const { lo, hi } = prefixRange(q)
  const direct = await rows<Hit>(
    deps.db,
    sql`(select ${cols}, 0 as class, 1::float8 as sim from users u where lower(u.username) = ${q} and ${allowed})
      union all
      (select ${cols}, 1 as class, 1::float8 as sim from users u
        where u.username ~>=~ ${lo} and u.username ~<~ ${hi} and ${allowed}
        order by u.follower_count desc nulls last, u.id limit ${n})
      union all
      (select ${cols}, 1 as class, 1::float8 as sim from users u
        where lower(u.display_name) ~>=~ ${lo} and lower(u.display_name) ~<~ ${hi} and ${allowed}
        order by u.follower_count desc nulls last, u.id limit ${n})`,
  )
  let hits = direct
  if (distinct(direct).length < input.limit && [...q].length >= FUZZY_MIN_LENGTH) {
    const fuzzy = await rows<Hit>(
      deps.db,
      sql`select ${cols}, 2 as class, round(greatest(similarity(u.username, ${q}), word_similarity(${q}, u.display_name))::numeric, 1)::float8 as sim
          from users u
          where (u.username % ${q} or ${q} <% u.display_name) and ${allowed}
          order by sim desc, u.follower_count desc, u.id limit ${n}`,
    )
    hits = [...direct, ...fuzzy]
  }
  return distinct(hits.sort(byRank))
    .slice(0, input.limit)
    .map((h) => toSummary({ id: h.id, username: h.username, displayName: h.display_name, avatarKey: h.avatar_key }, deps.urls))
}

// Exact before prefix before fuzzy; then more alike (fuzzy only), then more followed.
const byRank = (a: Hit, b: Hit) => a.class - b.class || b.sim - a.sim || b.follower_count - a.follower_count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The first occurrence of each person (the best kind, once sorted). */
function distinct(hits: Hit[]): Hit[] {
  const seen = new Set<string>()
  return hits.filter((h) => !seen.has(h.id) && seen.add(h.id))
}
