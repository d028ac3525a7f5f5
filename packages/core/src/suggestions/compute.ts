import { rows, sql, type Queryable, type SQL } from '@mosaic/db'
import { SUGGESTIONS_MAX } from '@mosaic/validators'
import type { CachedSuggestions, SuggestionReason } from '../types.ts'

/**
 * The compute budget of one list. At 10M follows a full three-hop walk reaches millions of paths,
 * so each hop reads a bounded sample through the follows index (no sort of anyone's whole list):
 * at most 200 + 200 × 100 + 50 × 100 = 25,200 follow rows per user, whoever the user is.
 */
export const BUDGET = {
  /** The people the viewer follows that are walked: the most recently followed. */
  followees: 200,
  /** Accounts read per followee at the second hop: the ones it followed most recently. */
  perFollowee: 100,
  /** Second-hop accounts walked on to the third hop: those most of the viewer's followees lead to. */
  seeds: 50,
  /** Accounts read per second-hop account at the third hop. */
  perSeed: 100,
  /** The most followed accounts kept as the fallback. */
  popular: 200,
} as const

/** Suggestions kept per user: the most one request may ask for. */
export const LIST_SIZE = SUGGESTIONS_MAX

/**
 * The ranking, in one line: two-hop paths + ¼ × walked second-hop accounts following them
 * + ¼ × log10(1 + followers). Four such accounts count as much as one shared followee, and an
 * account needs ten thousand times the followers to outrank one more shared followee, so follower
 * count orders people the graph rates alike. Anyone the graph reaches comes before the fallback.
 */
const SCORE = sql`(c.p2 + 0.25 * c.p3 + 0.25 * log(1 + greatest(c.followers, 0)::float8))`
const RANK = sql`(t.p2 + t.p3 > 0) desc, t.score desc, t.followers desc, t.id`

type Ranked = { id: string; p2: number; p3: number; via2: string | null; via3: string | null }

/** The site's most followed accounts (any viewer's fallback), most followed first. */
export async function mostFollowed(db: Queryable): Promise<string[]> {
  const found = await rows<{ id: string }>(db, sql`select id from users where follower_count > 0 order by follower_count desc, id limit ${BUDGET.popular}`)
  return found.map((r) => r.id)
}

/**
 * Who `userId` might follow: friends of friends two and three hops out, then `popular`, never
 * themselves, anyone they follow or asked to follow, or anyone in a block with them. A three-hop
 * path goes only through public accounts: a private account's following list is for its approved
 * followers, and at two hops the viewer is one of those.
 */
export async function computeSuggestions(db: Queryable, userId: string, popular: string[], now = Date.now()): Promise<CachedSuggestions> {
  const found = await rows<Ranked>(db, suggestionQuery(userId, popular))
  return { computedAt: now, items: found.map((r) => ({ id: r.id, reason: reasonOf(r) })) }
}

/** The walk as one statement (exported for the benchmark's EXPLAIN ANALYZE). */
export function suggestionQuery(userId: string, popular: string[]): SQL {
  const B = BUDGET
  // `desc nulls last` as in the follows indexes, so each hop reads its first rows in index order
  // and stops there, however many accounts the walked account follows.
  return sql`with
      f1 as materialized (
        select f.followee_id as id from follows f
        where f.follower_id = ${userId} and f.state = 'accepted'
        order by f.created_at desc nulls last limit ${B.followees}),
      f1u as materialized (select f1.id, u.follower_count as fc from f1 join users u on u.id = f1.id),
      nope as materialized (
        select ${userId}::uuid as id
        union select f.followee_id from follows f where f.follower_id = ${userId}
        union select b.blocked_id from blocks b where b.blocker_id = ${userId}
        union select b.blocker_id from blocks b where b.blocked_id = ${userId}),
      e2 as materialized (
        select f1u.id as via, f1u.fc, e.id as cand from f1u cross join lateral (
          select f.followee_id as id from follows f where f.follower_id = f1u.id and f.state = 'accepted'
          order by f.created_at desc nulls last limit ${B.perFollowee}) e
        where e.id not in (select id from nope)),
      -- via: the most followed of the followees leading there, named in the reason
      h2 as materialized (
        select x.cand, x.paths, x.via, u.follower_count as followers, u.is_private
        from (select cand, count(*)::int as paths, (array_agg(via order by fc desc, via))[1] as via from e2 group by cand) x
        join users u on u.id = x.cand),
      seeds as materialized (
        select cand as id, paths, via from h2 where not is_private
        order by paths desc, followers desc, cand limit ${B.seeds}),
      e3 as materialized (
        select s.id as seed, e.id as cand from seeds s cross join lateral (
          select f.followee_id as id from follows f where f.follower_id = s.id and f.state = 'accepted'
          order by f.created_at desc nulls last limit ${B.perSeed}) e
        where e.id not in (select id from nope)),
      -- seeds: how many walked second-hop accounts follow them; via: the strongest one's via
      h3 as materialized (
        select e3.cand, count(*)::int as seeds, (array_agg(s.via order by s.paths desc, s.id))[1] as via
        from e3 join seeds s on s.id = e3.seed group by e3.cand),
      graph as materialized (
        select h2.cand, h2.paths as p2, coalesce(h3.seeds, 0) as p3, h2.via as via2, h3.via as via3, h2.followers
        from h2 left join h3 on h3.cand = h2.cand
        union all
        select h3.cand, 0, h3.seeds, null, h3.via, u.follower_count
        from h3 join users u on u.id = h3.cand where h3.cand not in (select cand from h2)),
      cands as (
        select cand, p2, p3, via2, via3, followers from graph
        union all
        select u.id, 0, 0, null, null, u.follower_count from unnest(${`{${popular.join(',')}}`}::uuid[]) as p(cand) join users u on u.id = p.cand
        where p.cand not in (select id from nope) and p.cand not in (select cand from graph)),
      top as materialized (
        select t.* from (select c.cand as id, c.p2, c.p3, c.via2, c.via3, c.followers, ${SCORE} as score from cands c) t
        order by ${RANK} limit ${LIST_SIZE})
    select t.id, t.p2, t.p3, m2.username as via2, m3.username as via3
    from top t left join users m2 on m2.id = t.via2 left join users m3 on m3.id = t.via3
    order by ${RANK}`
}

function reasonOf(r: Ranked): SuggestionReason {
  if (r.p2 > 0 && r.via2) return { kind: 'followed', via: r.via2, others: r.p2 - 1 }
  if (r.p3 > 0 && r.via3) return { kind: 'network', via: r.via3 }
  return { kind: 'popular' }
}
