// search.posts on a real PostgreSQL with enough posts for each of its three reaches to be chosen: a
// walk for a word in 40 % of posts, a window through the words-and-time GIN index for one in 8 %,
// every match for one in 0.25 %. Whichever is chosen, the pages are the newest 300 matches ranked by
// the documented formula, exactly as a plain query over all matches ranks them.
import { createTestDatabase, type TestDatabase } from '@mosaic/db/testing'
import { rows, schema, sql } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MediaUrls } from '../ports.ts'
import type { Viewer } from '../types.ts'
import { SEARCH_CANDIDATES, SEARCH_HALF_LIFE_HOURS, searchPosts } from './posts.service.ts'
import { reachFor, shareOf, windowStart } from './reach.ts'

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
    expect((await reachFor(db.db, word, now.toISOString(), SEARCH_CANDIDATES)).kind).toBe(kind)
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

  it('reads a window start off the time histogram, the posts made since ANALYZE taken as the newest', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z')
    const bounds = [0, 100, 200, 300, 400].map((m) => t0 + m * 60_000)
    const now = new Date(t0 + 500 * 60_000).toISOString()
    const at = (b: string | null) => (b ? (Date.parse(b) - t0) / 60_000 : null)
    // 1000 posts analyzed, none since: 250 posts back is a quarter of the histogram
    expect(at(windowStart({ analyzed: 1000, live: 1000, bounds }, 250, now))).toBe(300)
    expect(at(windowStart({ analyzed: 1000, live: 1000, bounds }, 100, now))).toBe(360)
    // 200 more since ANALYZE, spread over the last 100 minutes: 100 posts back is 50 minutes, 450 is where 250 was
    expect(at(windowStart({ analyzed: 1000, live: 1200, bounds }, 100, now))).toBe(450)
    expect(at(windowStart({ analyzed: 1000, live: 1200, bounds }, 450, now))).toBe(300)
    expect(windowStart({ analyzed: 1000, live: 1000, bounds }, 500, now)).toBeNull()
    expect(windowStart({ analyzed: 1000, live: 1000, bounds: [] }, 100, now)).toBeNull()
  })

  it('estimates the share of posts holding every word from the rarest, each other word keeping at least half', () => {
    const stats = { freqs: new Map([['love', 0.3], ['day', 0.2], ['liebe', 0.08]]), minFreq: 0.01 }
    expect(shareOf(['love'], stats)).toBe(0.3)
    expect(shareOf(['love', 'day'], stats)).toBeCloseTo(0.1)
    expect(shareOf(['liebe', 'love', 'love'], stats)).toBeCloseTo(0.04)
    expect(shareOf(['zyzzyva'], stats)).toBe(0.005)
    expect(shareOf([], stats)).toBe(0)
  })
})
