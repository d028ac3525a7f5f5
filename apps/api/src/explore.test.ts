import { createDb, type DbHandle } from '@mosaic/db'
import { explore } from '@mosaic/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callerWith, depsWith, seedPost } from './testing/discovery.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'

type Person = Awaited<ReturnType<TestApp['user']>>
type ExplorePage = { items: { id: string; author: { id: string } }[]; nextCursor: string | null }
type Explorer = { explore: { posts(input?: { cursor?: string | null; limit?: number }): Promise<ExplorePage> } }

const minutesAgo = (m: number) => Date.now() - m * 60_000

async function walk(api: Explorer, limit: number, between?: () => Promise<void>) {
  const pages: ExplorePage['items'][] = []
  let cursor: string | null = null
  do {
    const page: ExplorePage = await api.explore.posts({ limit, cursor })
    pages.push(page.items)
    cursor = page.nextCursor
    if (between) await between()
  } while (cursor)
  return pages
}
const ids = (pages: ExplorePage['items'][]) => pages.flat().map((p) => p.id)

describe.each([
  ['with Redis', true],
  ['without Redis', false],
] as const)('explore %s', (_, redis) => {
  let t: TestApp
  let counted: DbHandle
  const statements: string[] = []
  beforeAll(async () => {
    // The worker is paused for these tests (its timer would fire after a day): they refresh by hand.
    t = await startTestApp({ redis, env: { EXPLORE_REFRESH_SECONDS: '86400', TRENDING_REFRESH_SECONDS: '86400' } })
    counted = createDb({ databaseUrl: t.config.DATABASE_URL, dataDir: '', max: 2, onQuery: (q) => statements.push(q) })
  })
  afterAll(async () => {
    await counted.close()
    await t.close()
  })
  const refresh = () => explore.refreshExplore(t.app.deps, { force: true })
  /** A caller whose every SQL statement is recorded, from this call on. */
  async function countedCaller(token?: string) {
    const api = await callerWith(depsWith(t, { db: counted.db }), token)
    statements.length = 0
    return api
  }

  it('a fresh install computes the set on the first requests, once however many arrive together', async () => {
    const a = await t.user()
    const post = await seedPost(t, a.id, { at: minutesAgo(5), likes: 3 })
    const anon = await countedCaller()
    const pages = await Promise.all(Array.from({ length: 5 }, () => anon.explore.posts({ limit: 10 })))
    for (const page of pages) expect(page.items.map((p) => p.id)).toEqual([post])
    expect(statements.filter((q) => /row_number\(\)/.test(q))).toHaveLength(1)
  })

  describe('for a viewer with follows and blocks', () => {
    let viewer: Person, followed: Person, blocker: Person, blocked: Person, hidden: Person, popular: Person, others: Person[]
    const postsBy = new Map<string, string[]>()
    beforeAll(async () => {
      ;[viewer, followed, blocker, blocked, hidden, popular, ...others] = await Promise.all([
        t.user(),
        t.user(),
        t.user(),
        t.user(),
        t.user(undefined, { isPrivate: true }),
        t.user(),
        ...Array.from({ length: 5 }, () => t.user()),
      ])
      await viewer.api.user.follow({ username: followed.username })
      await blocker.api.user.block({ username: viewer.username })
      await viewer.api.user.block({ username: blocked.username })
      // Everyone but `popular` posts twice; `popular` posts five well-liked photos.
      for (const [i, p] of [viewer, followed, blocker, blocked, hidden, ...others].entries()) {
        postsBy.set(p.id, [await seedPost(t, p.id, { at: minutesAgo(10 + i), likes: 20 + i }), await seedPost(t, p.id, { at: minutesAgo(30 + i), likes: 10 + i })])
      }
      postsBy.set(popular.id, await Promise.all(Array.from({ length: 5 }, (_, i) => seedPost(t, popular.id, { at: minutesAgo(5 + i), likes: 200 - i }))))
      await refresh()
    })

    it('leaves out followed, blocked (either way), private and own posts; anonymous visitors see every public one', async () => {
      const mine = await walk(viewer.api, 4)
      const authors = new Set(mine.flat().map((p) => p.author.id))
      for (const p of [viewer, followed, blocker, blocked, hidden]) expect(authors.has(p.id)).toBe(false)
      for (const p of [popular, ...others]) expect(authors.has(p.id)).toBe(true)

      const anon = new Set(ids(await walk(await t.caller(), 4)))
      for (const p of [viewer, followed, blocker, blocked, popular, ...others]) expect(anon.has(postsBy.get(p.id)![0]!)).toBe(true)
      for (const id of postsBy.get(hidden.id)!) expect(anon.has(id)).toBe(false)
    })

    it('shows at most two posts of one author per page, and never one twice', async () => {
      for (const limit of [3, 4, 6]) {
        const pages = await walk(viewer.api, limit)
        for (const page of pages) {
          const perAuthor = new Map<string, number>()
          for (const p of page) perAuthor.set(p.author.id, (perAuthor.get(p.author.id) ?? 0) + 1)
          expect(Math.max(...perAuthor.values())).toBeLessThanOrEqual(2)
        }
        expect(new Set(ids(pages)).size).toBe(ids(pages).length)
        expect(pages.flat().filter((p) => p.author.id === popular.id).length).toBeGreaterThanOrEqual(4)
      }
    })

    it('keeps its pages stable while likes arrive and the set is recomputed between them', async () => {
      const before = ids(await walk(viewer.api, 3))
      const liker = others[0]!
      let n = 0
      const during = ids(
        await walk(viewer.api, 3, async () => {
          const target = postsBy.get(others[++n % others.length]!.id)![1]!
          if (others[n % others.length] !== liker) await liker.api.post.like({ id: target })
          await refresh()
        }),
      )
      expect(during).toEqual(before)
    })

    it('lifts a post liked by someone the viewer follows', async () => {
      const [b, c] = [others[1]!, others[2]!]
      // x stays a little more liked than y (1010 against 1000 after the like), and y is the newer one.
      const x = await seedPost(t, b.id, { at: minutesAgo(1), likes: 1010 })
      const y = await seedPost(t, c.id, { at: minutesAgo(1), likes: 999 })
      await followed.api.post.like({ id: y })
      await refresh()
      const order = async (api: Explorer) => ids(await walk(api, 50)).filter((id) => id === x || id === y)
      expect(await order(await t.caller())).toEqual([x, y])
      expect(await order(others[3]!.api)).toEqual([x, y])
      expect(await order(viewer.api)).toEqual([y, x])
    })

    it('leaves out a post whose author blocked the viewer or went private after the set was computed', async () => {
      const [b, c] = [others[3]!, others[4]!]
      await refresh()
      await b.api.user.block({ username: viewer.username })
      await c.api.user.update({ isPrivate: true })
      const seen = new Set(ids(await walk(viewer.api, 50)).concat(ids(await walk(await t.caller(), 50))))
      for (const id of [...postsBy.get(c.id)!]) expect(seen.has(id)).toBe(false)
      expect(ids(await walk(viewer.api, 50)).some((id) => postsBy.get(b.id)!.includes(id))).toBe(false)
      await c.api.user.update({ isPrivate: false })
    })

    it('answers from the precomputed set with the worker paused: no ranking query on the request path', async () => {
      const set = await refresh()
      const late = await seedPost(t, others[0]!.id, { at: minutesAgo(0), likes: 100_000 })
      for (const token of [viewer.token, undefined]) {
        const api = await countedCaller(token)
        const page = await api.explore.posts({ limit: 6 })
        expect(page.items.map((p) => p.id)).not.toContain(late)
        expect(page.items).toHaveLength(6)
        // What runs: the viewer's follows and blocks among the set's authors and the followed likers
        // (signed in), the page's recheck, and hydration (signed in, with which of the page's posts the
        // viewer saved). Nothing scores or scans posts.
        expect(statements.filter((q) => /power\(|row_number/i.test(q))).toEqual([])
        expect(statements.length).toBeLessThanOrEqual(token ? 8 : 5)
        const next = await api.explore.posts({ limit: 6, cursor: page.nextCursor })
        expect(next.items.length).toBeGreaterThan(0)
      }
      expect((await t.app.deps.exploreSet.load())?.computedAt).toBe(set.computedAt)
    })

    it("reuses a viewer's arrangement of the set on their next visit, and still hides an author they followed since", async () => {
      await refresh()
      const api = await countedCaller(viewer.token)
      const first = (await api.explore.posts({ limit: 6 })).items.map((p) => p.id)
      statements.length = 0
      const again = (await api.explore.posts({ limit: 6 })).items.map((p) => p.id)
      expect(again).toEqual(first)
      // No follows-among-authors or followed-likers query: only the page's recheck and hydration.
      expect(statements.filter((q) => /cross join lateral|followee_id in/i.test(q))).toEqual([])
      const author = [...postsBy].find(([, list]) => list.some((id) => first.includes(id)))![0]
      const username = (await t.app.engines.db.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, author) }))!.username
      await viewer.api.user.follow({ username })
      expect((await api.explore.posts({ limit: 6 })).items.some((p) => postsBy.get(author)!.includes(p.id))).toBe(false)
      await viewer.api.user.unfollow({ username })
    })

    it('refuses malformed and foreign cursors', async () => {
      const api = viewer.api
      const bad = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
      for (const cursor of ['garbage', bad(['x', 'abc', -1, 4]), bad(['t', 'abc', 0]), bad(['x', 'nosuchsnapshot', 0, 4]), 'x'.repeat(600)]) {
        await expect(api.explore.posts({ cursor, limit: 4 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
      }
      await expect(api.explore.posts({ limit: 51 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    })
  })
})
