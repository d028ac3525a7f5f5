// search.posts on a real PostgreSQL with enough posts for each of its three reaches to be chosen: a
// walk for a word in 40 % of posts, a window through the words-and-time GIN index for one in 8 %,
// every match for one in 0.25 %. Whichever is chosen, the pages are the newest 300 matches ranked by
// the documented formula, exactly as a plain query over all matches ranks them.
import { createTestDatabase, type TestDatabase } from '@mosaic/db/testing'
import { rows, schema, sql } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MediaUrls } from '../ports.ts'
import type { Viewer } from '../types.ts'
import { reachFor, SEARCH_CANDIDATES, SEARCH_HALF_LIFE_HOURS, searchPosts, windowStart } from './posts.service.ts'

const POSTS = 40_000
let db: TestDatabase
let viewer: Viewer
const urls: MediaUrls = { public: (k) => `/media/${k}`, signed: (k) => `/media/${k}?sig` }
const now = new Date('2026-12-01T12:00:00Z')

beforeAll(async () => {
  db = await createTestDatabase()
  const [author] = await db.db.insert(schema.users).values({ username: 'author', email: 'a@example.test', passwordHash: 'x' }).returning({ id: schema.users.id })
  const [reader] = await db.db.insert(schema.users).values({ username: 'reader', email: 'r@example.test', passwordHash: 'x' }).returning({ id: schema.users.id })
  viewer = { id: reader!.id, username: 'reader', sessionId: 'test' }
  // One post a minute back from `now`; zeta in 40 %, alpha in 1 of 12, omega in 1 of 400, and some
  // posts twice as relevant (the word twice) so that rank and recency both matter.
  await db.db.execute(sql`insert into posts (id, author_id, caption, search, created_at)
    select gen_random_uuid(), ${author!.id}, c, to_tsvector('simple', c), ${now.toISOString()}::timestamptz - make_interval(mins => i)
    from generate_series(1, ${POSTS}) i,
      lateral (select concat_ws(' ', 'post',
        case when i % 5 in (0, 2) then 'zeta' end,
        case when i % 12 = 0 then 'alpha' end, case when i % 36 = 0 then 'alpha' end,
        case when i % 400 = 0 then 'omega' end) as c) t`)
  await db.db.execute(sql`analyze posts`)
}, 60_000)
afterAll(() => db.drop())

/** The first `pages` pages as a plain query ranks them: every match, newest 300, scored, ordered. */
async function expected(word: string, limit: number, pages: number): Promise<string[]> {
  const list = await rows<{ id: string }>(
    db.db,
    sql`with c as (select id, created_at, search from posts where search @@ plainto_tsquery('simple', ${word}) order by created_at desc limit ${SEARCH_CANDIDATES})
      select id from c order by ts_rank(search, plainto_tsquery('simple', ${word}), 32)::float8
        / (1 + extract(epoch from (${now.toISOString()}::timestamptz - created_at))::float8 / ${SEARCH_HALF_LIFE_HOURS * 3600}) desc, id desc
      limit ${limit * pages}`,
  )
  return list.map((r) => r.id)
}

describe('search.posts reaches', () => {
  it.each([
    ['zeta', 'walk'],
    ['alpha', 'since'],
    ['omega', 'all'],
  ])('%s is looked for by %s, and its pages are the newest matches ranked, without repeat or skip', async (word, kind) => {
    expect((await reachFor(db.db, word, now.toISOString())).kind).toBe(kind)
    const got: string[] = []
    let cursor: string | null = null
    for (let page = 0; page < 3; page++) {
      const res = await searchPosts({ db: db.db, urls, clock: { now: () => now } }, viewer, { q: word, cursor, limit: 20 })
      got.push(...res.items.map((p) => p.id))
      cursor = res.nextCursor
    }
    const want = await expected(word, 20, 3)
    expect(got).toEqual(want)
  })

  it('reads a window start off the time histogram, and declines when it would span half the posts', () => {
    const bounds = [0, 100, 200, 300, 400].map((m) => Date.parse('2026-01-01T00:00:00Z') + m * 60_000)
    const at = (b: string | null) => (b ? (Date.parse(b) - bounds[0]!) / 60_000 : null)
    expect(at(windowStart(bounds, 0.25, '2026-12-01T00:00:00Z'))).toBe(300)
    expect(at(windowStart(bounds, 0.1, '2026-12-01T00:00:00Z'))).toBe(360)
    expect(windowStart(bounds, 0.5, '2026-12-01T00:00:00Z')).toBeNull()
    expect(windowStart([], 0.1, '2026-12-01T00:00:00Z')).toBeNull()
  })
})
