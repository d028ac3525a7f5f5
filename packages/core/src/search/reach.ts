import { rows, sql, type Queryable } from '@mosaic/db'

/**
 * Where search.posts looks for the newest `wanted` matches: the newest `rows` posts walked
 * one by one (words in a large share of posts: the walk meets enough within a few thousand), the
 * posts since `since` through the words-and-time GIN index (words in a middling share), or every
 * match (rare words, tags, from:me, or no statistics yet).
 */
export type Reach = { kind: 'walk'; rows: number } | { kind: 'since'; since: string } | { kind: 'all' }

/** A word in at least this share of posts is walked: the walk stops after a few thousand rows. */
const WALK_SHARE = 0.1
/** A walk or window reaches over this many times the posts the estimated share says hold enough matches. */
const MARGIN = 2.5
/** Each word after the rarest is assumed to keep at least this share of its matches (words people write together go together). */
const KEPT_BY_NEXT_WORD = 0.5

/**
 * The reach for these words. Their share of posts is estimated from ANALYZE's statistics of the
 * documents (the lexemes' frequencies) and the window read off the posts' time histogram, with the
 * posts made since ANALYZE (PostgreSQL's live-row counter) taken as the newest.
 */
export async function reachFor(db: Queryable, words: string, now: string, wanted: number): Promise<Reach> {
  const [[q], stats] = await Promise.all([
    rows<{ lexemes: string[] }>(db, sql`select coalesce(array_agg(lexeme), '{}') as lexemes from unnest(to_tsvector('simple', unaccent(${words})))`),
    postStats(db),
  ])
  const share = shareOf(q?.lexemes ?? [], stats)
  if (share <= 0 || stats.live <= 0) return { kind: 'all' }
  const needed = (MARGIN * wanted) / share
  // A power of two, written into the statement (a handful of texts): a LIMIT the planner cannot see
  // makes it guess a tenth of the table and plan a scan and sort instead of the walk.
  // Only one word is walked: two common words may never meet, and a walk finds that out only at its end.
  const single = new Set(q?.lexemes).size === 1
  if (single && share >= WALK_SHARE) return { kind: 'walk', rows: 2 ** Math.max(9, Math.ceil(Math.log2(needed))) }
  const since = windowStart(stats, needed, now)
  return since ? { kind: 'since', since } : { kind: 'all' }
}

/** The estimated share of posts holding every lexeme: the rarest's, times at least half for each other. */
export function shareOf(lexemes: string[], stats: Pick<PostStats, 'freqs' | 'minFreq'>): number {
  if (lexemes.length === 0) return 0
  const shares = [...new Set(lexemes)].map((l) => stats.freqs.get(l) ?? stats.minFreq / 2).sort((a, b) => a - b)
  return shares.slice(1).reduce((s, f) => s * Math.max(f, KEPT_BY_NEXT_WORD), shares[0]!)
}

export type PostStats = {
  /** posts counted by the last ANALYZE, and live now */
  analyzed: number
  live: number
  /** created_at histogram bounds (epoch ms): equal shares of the analyzed posts */
  bounds: number[]
  /** lexeme → share of posts whose document holds it (the most common ones); below them, minFreq */
  freqs: Map<string, number>
  minFreq: number
  at: number
}

const STATS_MS = 60_000
const statsOf = new WeakMap<object, PostStats>()

/** ANALYZE's statistics of posts (time histogram, common lexemes) and the live-row count, read at most once a minute. */
async function postStats(db: Queryable): Promise<PostStats> {
  const cached = statsOf.get(db)
  if (cached && Date.now() - cached.at < STATS_MS) return cached
  const [r] = await rows<{ analyzed: number; live: number; bounds: string[] | null; elems: string[] | null; freqs: number[] | null }>(
    db,
    sql`select c.reltuples::float8 as analyzed, pg_stat_get_live_tuples(c.oid)::float8 as live,
        t.histogram_bounds::text::text[] as bounds, s.most_common_elems::text::text[] as elems, s.most_common_elem_freqs::float8[] as freqs
      from pg_class c
      left join pg_stats t on t.schemaname = current_schema() and t.tablename = 'posts' and t.attname = 'created_at'
      left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'posts' and s.attname = 'search'
      where c.oid = 'posts'::regclass`,
  )
  const elems = r?.elems ?? []
  const freqs = (r?.freqs ?? []).map(Number)
  const stats: PostStats = {
    analyzed: Math.max(Number(r?.analyzed ?? 0), 0),
    live: Math.max(Number(r?.live ?? 0), Number(r?.analyzed ?? 0), 0),
    bounds: (r?.bounds ?? []).map((b) => Date.parse(b)).filter(Number.isFinite),
    freqs: new Map(elems.map((e, i) => [e, freqs[i] ?? 0])),
    // after the elements' frequencies come their minimum, maximum and the null share
    minFreq: freqs.length > elems.length ? (freqs[elems.length] ?? 0) : 0,
    at: Date.now(),
  }
  statsOf.set(db, stats)
  return stats
}

/**
 * The moment after which the newest `needed` posts were made: the posts made since ANALYZE are the
 * newest (spread evenly up to now), then the histogram's equal shares, interpolated. Null when that
 * reaches back over half the posts (a window that wide is no cheaper than all) or there is no histogram.
 */
export function windowStart(stats: Pick<PostStats, 'analyzed' | 'live' | 'bounds'>, needed: number, now: string): string | null {
  const { bounds, analyzed, live } = stats
  if (bounds.length < 3 || !(needed > 0) || needed >= live / 2 || analyzed <= 0) return null
  const end = Date.parse(now)
  const last = bounds[bounds.length - 1]!
  const since = Math.max(live - analyzed, 0)
  if (needed <= since) return new Date(end - ((end - last) * needed) / since).toISOString()
  const at = (1 - (needed - since) / analyzed) * (bounds.length - 1)
  const i = Math.max(0, Math.floor(at))
  const t = bounds[i]! + (bounds[Math.min(i + 1, bounds.length - 1)]! - bounds[i]!) * (at - i)
  return new Date(Math.min(t, end)).toISOString()
}
