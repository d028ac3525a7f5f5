import { rows, sql, type SQL } from '@mosaic/db'
import { sha256Hex } from '@mosaic/util'
import { z } from 'zod'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError } from '../errors.ts'
import { postVisibleTo } from '../access/visibility.ts'
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor.ts'
import { hydratePosts, type Post } from '../posts/post.shape.ts'
import { parsePostQuery, type PostQuery } from './query.ts'
import { reachFor, type Reach } from './reach.ts'

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
  deps: Pick<CoreDeps, 'db' | 'urls' | 'clock'>,
  viewer: Viewer | null,
  input: { q: string; cursor?: string | null | undefined; limit: number },
): Promise<Page<Post>> {
  const query = parsePostQuery(input.q)
  if (query.fromMe && !viewer) throw new DomainError('UNAUTHORIZED', 'Sign in to search your own posts')
  if (!query.words && query.tags.length === 0 && !query.fromMe) return { items: [], nextCursor: null }
  const fingerprint = fingerprintOf(query)
  const after = decodeCursor(input.cursor, cursorShape)
  if (after && after[3] !== fingerprint) throw new DomainError('BAD_REQUEST', 'That cursor belongs to another search', { field: 'cursor' })
  const now = (after ? new Date(after[0]) : deps.clock.now()).toISOString()
  // Tags by id, rarest first (it drives the walk), so the planner knows how common each is; a tag
  // nobody used answers at once.
  const tagIds = query.tags.length ? await rows<{ id: string }>(deps.db, sql`select id from tags where name in ${query.tags} order by post_count, id`) : []
  if (tagIds.length < query.tags.length) return { items: [], nextCursor: null }

  const search = (reach: Reach) =>
    rows<{ id: string; score: number; n: number }>(
      deps.db,
      sql`with c as (${candidates(query, tagIds.map((t) => t.id), viewer, now, reach)})
        select id, score, (select count(*) from c)::int as n from (
          select c.id, ${rankOf(query)} / (1 + extract(epoch from (${now}::timestamptz - c.created_at))::float8 / ${sql.raw(String(SEARCH_HALF_LIFE_HOURS * 3600))}) as score
          from c
        ) s
        ${after ? sql`where (s.score, s.id) < (${after[1]}::float8, ${after[2]}::uuid)` : sql``}
        order by s.score desc, s.id desc
        limit ${input.limit + 1}`,
    )
  const reach: Reach = !tagIds.length && !query.fromMe && query.words ? await reachFor(deps.db, query.words, now, SEARCH_CANDIDATES) : { kind: 'all' }
  let found = await search(reach)
  // The walk or the window met fewer matches than it needed (the words are rarer, or rarer lately,
  // than the estimate): the newest matches may lie further back, so ask the index for all of them.
  if (reach.kind !== 'all' && (found[0]?.n ?? 0) < SEARCH_CANDIDATES) found = await search({ kind: 'all' })
  const kept = found.slice(0, input.limit)
  const last = kept[kept.length - 1]
  const nextCursor = found.length > input.limit && last ? encodeCursor([Date.parse(now), Number(last.score), last.id, fingerprint]) : null
  return { items: await hydratePosts(deps, viewer?.id ?? null, kept.map((r) => r.id)), nextCursor }
}

/** The words as a tsquery, normalised exactly as post_search_document normalises documents. */
export const tsQuery = (words: string) => sql`plainto_tsquery('simple', unaccent(${words}))`

const rankOf = (query: PostQuery): SQL => (query.words ? sql`ts_rank(c.search, ${tsQuery(query.words)}, 32)::float8` : sql`1::float8`)

/**
 * The newest SEARCH_CANDIDATES posts that match and that the viewer may see, up to `now`. With a
 * tag, walked along that tag's (tag, created_at) index; otherwise as `reach` says: walking the
 * newest posts (common words), through the GIN index since a moment (middling words), or every
 * match through the GIN index (rare words). A walk's order is spelled as the indexes are built
 * (desc nulls last), or no index could serve it.
 */
function candidates(query: PostQuery, tagIds: string[], viewer: Viewer | null, now: string, reach: Reach): SQL {
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
  // chosen blind to them. A walk: the newest `reach.rows` posts (an index range), checked one by one.
  if (reach.kind === 'walk') {
    return sql`select p.id, p.created_at, p.search from (
        select id, created_at, search, author_id, ready from posts where created_at <= ${now}::timestamptz order by created_at desc nulls last, id desc nulls last limit ${sql.raw(String(reach.rows))}
      ) p
      where ${where} order by ${newestFirst} limit ${SEARCH_CANDIDATES}`
  }
  // A window: the words and "since" are both conditions of the one GIN index, which intersects them.
  // "Up to now" is kept out of the index (written so no index can take it): as an index condition it
  // would read every post's time entry before now, which is all of them.
  if (reach.kind === 'since') {
    return sql`select p.id, p.created_at, p.search from posts p
      where p.created_at >= ${reach.since}::timestamptz and (p.created_at <= ${now}::timestamptz) is not false and ${where}
      order by p.created_at desc nulls first, p.id desc nulls first limit ${SEARCH_CANDIDATES}`
  }
  // Otherwise ordered as no index is (nulls first), so the plan collects the matches through the
  // GIN index (or the author's index, for from:me) and sorts them, never walks a million posts; "up
  // to now" again kept out of the GIN index.
  if (query.words) {
    return sql`select p.id, p.created_at, p.search from posts p
      where (p.created_at <= ${now}::timestamptz) is not false and ${where}
      order by p.created_at desc nulls first, p.id desc nulls first limit ${SEARCH_CANDIDATES}`
  }
  return sql`select p.id, p.created_at, p.search from posts p
    where p.created_at <= ${now}::timestamptz and ${where}
    order by ${newestFirst} limit ${SEARCH_CANDIDATES}`
}

/** Which search a cursor was made for: a cursor handed back with another query is refused. */
function fingerprintOf(query: PostQuery): string {
  return sha256Hex(JSON.stringify([query.words.toLowerCase(), [...query.tags].sort(), query.fromMe])).slice(0, 12)
}
