import { rows, sql, type Queryable, type SQL } from '@mosaic/db'
import { sha256Hex } from '@mosaic/util'
import { z } from 'zod'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError } from '../errors.ts'
import { postVisibleTo } from '../access/visibility.ts'
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor.ts'
import { hydratePosts, type Post } from '../posts/post.shape.ts'
import { parsePostQuery, type PostQuery } from './query.ts'

/**
 * How many matches are ranked: the newest this many the viewer may see. Ranking every match of a
 * common word at a million posts would read tens of thousands of rows per page; the newest 300
 * hold whatever the recency decay below lets rank anyway, and cost about the same whatever the word.
 */
export const SEARCH_CANDIDATES = 300

/** Age (hours) at which a post's score has halved: relevance is blended with recency this fast. */
export const SEARCH_HALF_LIFE_HOURS = 24

// [frozen now (ms), score and id of the last post sent, which query]
const cursorShape = z.tuple([z.number().int().nonnegative(), z.number().nonnegative(), z.uuid(), z.string().length(12)])

/**
 * search.posts: posts matching the words of `q` in their caption, tags, location name or alt text
 * (PostgreSQL full text, config 'simple' over unaccented text: no stemming, so any language's words
 * match as written, accents optional), filtered by `#tag` and `from:me`, among the posts the viewer
 * may see. Ranked by ts_rank (normalised to [0, 1)) divided by (1 + age / 24 h), ties by id.
 *
 * The first page freezes "now" into the cursor with the last score and id, so later pages compute
 * the same scores over the same candidates (posts created after that instant are left out) and
 * continue strictly below the last one: no repeat, no skip, whatever is posted meanwhile.
 */
export async function searchPosts(
  deps: Pick<CoreDeps, 'db' | 'urls'>,
  viewer: Viewer | null,
  input: { q: string; cursor?: string | null | undefined; limit: number },
): Promise<Page<Post>> {
  const query = parsePostQuery(input.q)
  if (query.fromMe && !viewer) throw new DomainError('UNAUTHORIZED', 'Sign in to search your own posts')
  if (!query.words && query.tags.length === 0 && !query.fromMe) return { items: [], nextCursor: null }
  const fingerprint = fingerprintOf(query)
  const after = decodeCursor(input.cursor, cursorShape)
  if (after && after[3] !== fingerprint) throw new DomainError('BAD_REQUEST', 'That cursor belongs to another search', { field: 'cursor' })
  const now = new Date(after ? after[0] : Date.now()).toISOString()
  // Tags by id, rarest first (it drives the walk), so the planner knows how common each is; a tag
  // nobody used answers at once.
  const tagIds = query.tags.length ? await rows<{ id: string }>(deps.db, sql`select id from tags where name in ${query.tags} order by post_count, id`) : []
  if (tagIds.length < query.tags.length) return { items: [], nextCursor: null }

  const search = (walk: number | null) =>
    rows<{ id: string; score: number; n: number }>(
      deps.db,
      sql`with c as (${candidates(query, tagIds.map((t) => t.id), viewer, now, walk)})
        select id, score, (select count(*) from c)::int as n from (
          select c.id, ${rankOf(query)} / (1 + extract(epoch from (${now}::timestamptz - c.created_at))::float8 / ${sql.raw(String(SEARCH_HALF_LIFE_HOURS * 3600))}) as score
          from c
        ) s
        ${after ? sql`where (s.score, s.id) < (${after[1]}::float8, ${after[2]}::uuid)` : sql``}
        order by s.score desc, s.id desc
        limit ${input.limit + 1}`,
    )
  const walk = !tagIds.length && !query.fromMe ? await walkLength(deps.db, query.words) : null
  let found = await search(walk)
  // The walk met fewer matches than it needed (the words are rarer together than the estimate): the
  // newest matches may lie further back, so ask the index.
  if (walk !== null && (found[0]?.n ?? 0) < SEARCH_CANDIDATES) found = await search(null)
  const kept = found.slice(0, input.limit)
  const last = kept[kept.length - 1]
  const nextCursor = found.length > input.limit && last ? encodeCursor([Date.parse(now), Number(last.score), last.id, fingerprint]) : null
  return { items: await hydratePosts(deps, viewer?.id ?? null, kept.map((r) => r.id)), nextCursor }
}

/** The longest walk along posts newest first; a word rarer than that needs is collected through the GIN index. */
const MAX_WALK_ROWS = 65_536

/**
 * How many of the newest posts to walk to meet SEARCH_CANDIDATES matches (three times what the
 * planner's estimate of the words' share says), or null when that is beyond MAX_WALK_ROWS.
 */
async function walkLength(db: Queryable, words: string): Promise<number | null> {
  if (!words) return null
  const [[plan], [size]] = await Promise.all([
    rows<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(db, sql`explain (format json) select 1 from posts p where p.search @@ ${tsQuery(words)}`),
    rows<{ n: number }>(db, sql`select reltuples::float8 as n from pg_class where oid = 'posts'::regclass`),
  ])
  const share = (plan?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0) / Math.max(size?.n ?? 0, 1)
  const length = share > 0 ? Math.ceil((3 * SEARCH_CANDIDATES) / share) : Infinity
  // A power of two, written into the statement (a handful of texts): a LIMIT the planner cannot see
  // makes it guess a tenth of the table and plan a scan and sort instead of the walk.
  return length <= MAX_WALK_ROWS ? 2 ** Math.max(9, Math.ceil(Math.log2(length))) : null
}

/** The words as a tsquery, normalised exactly as post_search_document normalises documents. */
const tsQuery = (words: string) => sql`plainto_tsquery('simple', unaccent(${words}))`

const rankOf = (query: PostQuery): SQL => (query.words ? sql`ts_rank(c.search, ${tsQuery(query.words)}, 32)::float8` : sql`1::float8`)

/**
 * The newest SEARCH_CANDIDATES posts that match and that the viewer may see, up to `now`. With a
 * tag, walked along that tag's (tag, created_at) index; otherwise found by walking the newest
 * `walk` posts (common words), or collected through the GIN index (rarer words). A walk's order is
 * spelled as the indexes are built (desc nulls last), or no index could serve it.
 */
function candidates(query: PostQuery, tagIds: string[], viewer: Viewer | null, now: string, walk: number | null): SQL {
  const [driving, ...moreTags] = tagIds
  const filters = [
    query.words ? sql`p.search @@ ${tsQuery(query.words)}` : null,
    query.fromMe && viewer ? sql`p.author_id = ${viewer.id}` : null,
    ...moreTags.map((id) => sql`exists (select 1 from post_tags pt2 where pt2.post_id = p.id and pt2.tag_id = ${id})`),
    postVisibleTo(viewer?.id ?? null, { authorId: sql`p.author_id`, ready: sql`p.ready` }),
  ].filter((f): f is SQL => f !== null)
  const where = sql.join(filters, sql` and `)
  const newestFirst = sql`p.created_at desc nulls last, p.id desc nulls last`
  if (driving) {
    return sql`select p.id, p.created_at, p.search from post_tags pt join posts p on p.id = pt.post_id
      where pt.tag_id = ${driving} and pt.created_at <= ${now}::timestamptz and ${where}
      order by pt.created_at desc nulls last, pt.post_id desc nulls last limit ${SEARCH_CANDIDATES}`
  }
  // Each shape below has one plan whatever the words, since a prepared statement's generic plan is
  // chosen blind to them. A walk: the newest `walk` posts (an index range), checked one by one.
  if (walk !== null) {
    return sql`select p.id, p.created_at, p.search from (
        select id, created_at, search, author_id, ready from posts where created_at <= ${now}::timestamptz order by created_at desc nulls last, id desc nulls last limit ${sql.raw(String(walk))}
      ) p
      where ${where} order by ${newestFirst} limit ${SEARCH_CANDIDATES}`
  }
  // Otherwise ordered as no index is (nulls first), so the plan collects the matches through the
  // GIN index (or the author's index, for from:me) and sorts them, never walks a million posts.
  const collect = query.words ? sql`p.created_at desc nulls first, p.id desc nulls first` : newestFirst
  return sql`select p.id, p.created_at, p.search from posts p
    where p.created_at <= ${now}::timestamptz and ${where}
    order by ${collect} limit ${SEARCH_CANDIDATES}`
}

/** Which search a cursor was made for: a cursor handed back with another query is refused. */
function fingerprintOf(query: PostQuery): string {
  return sha256Hex(JSON.stringify([query.words.toLowerCase(), [...query.tags].sort(), query.fromMe])).slice(0, 12)
}
