// The warm home-feed page, spliced (core feed/warm.ts, one script on a single Redis) and sent over
// HTTP as text: checked against the general path's page byte for byte and against the oracle,
// counted (no database query; the session and the page in one script, the texts of posts not shaped
// here yet in a second read), and its
// privacy checked from outside, as a stranger, a pending follower, a removed, blocked or signed-out reader.
import { auth, feed, redisAdapters, type Viewer, type WarmPageRead } from '@mosaic/core'
import { sql } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { onRedisCommand, oracle, photo, randomGraph } from './testing/feed-graph.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'

type Person = Awaited<ReturnType<TestApp['user']>>
type Input = { mode: 'top' | 'latest'; limit: number; cursor?: string | null }

describe('the spliced warm feed page on one Redis', () => {
  let t: TestApp
  let base: string
  const queries: string[] = []
  let redisCommands = 0
  beforeAll(async () => {
    // A low celebrity threshold, so that the random graph's popular accounts are merged at read time.
    t = await startTestApp({ redis: true, onQuery: (q) => queries.push(q), env: { FEED_CELEBRITY_THRESHOLD: '3' } })
    base = await t.listen()
    onRedisCommand(t, () => redisCommands++)
  }, 60_000)
  afterAll(async () => {
    await t?.close()
  })

  /** The page's text over HTTP (single or in a batch of one), with what it cost. */
  async function overHttp(p: Person, input: Input, batch = false) {
    const encoded = encodeURIComponent(JSON.stringify(batch ? { 0: input } : input))
    queries.length = 0
    redisCommands = 0
    const res = await fetch(`${base}/trpc/feed.home?${batch ? 'batch=1&' : ''}input=${encoded}`, { headers: { authorization: `Bearer ${p.token}` } })
    const text = await res.text()
    // The job outbox's relay polls on its own timer: its reads are not the page's.
    return { status: res.status, text, queries: queries.filter((q) => !q.includes('job_outbox')), redisCommands }
  }
  /** What the general path (homeFeed, without the warm page) answers, as the adapter would write it. */
  async function general(p: Person, input: Input) {
    const viewer: Viewer = { id: p.id, username: p.username, sessionId: 'test' }
    return JSON.stringify({ result: { data: await feed.homeFeed(t.app.deps, viewer, { ...input, cursor: input.cursor ?? null }) } })
  }
  /**
   * The page over HTTP, which must be warm: no query, `commands` Redis round trips (one once its posts
   * are shaped here: the session is checked in the page's own script, and only the posts' stamps are
   * read), and the general path's text.
   */
  async function warmPage(p: Person, input: Input, commands = 1) {
    const got = await overHttp(p, input)
    expect(got.status).toBe(200)
    expect(got.queries).toEqual([])
    expect(got.redisCommands).toBe(commands)
    expect(got.text).toBe(await general(p, input))
    return got.text
  }
  type Page = { result: { data: { items: { id: string }[]; nextCursor: string | null } } }
  /** Reads the first pages until nothing more is missing from Redis (the worker builds the timeline). */
  async function warm(p: Person) {
    for (const mode of ['latest', 'top'] as const) {
      await overHttp(p, { mode, limit: 5 })
      await t.app.deps.queue.drain()
      await overHttp(p, { mode, limit: 5 })
    }
  }
  /**
   * Walks every page over HTTP three times: the first walk fills the caches the later pages read
   * (the general path), the second this process's shapes of the posts; on the third, each page must
   * be warm, cost one round trip and equal the general path's text.
   */
  async function walkWarm(p: Person, mode: 'top' | 'latest', limit: number) {
    for (let walk = 0; walk < 2; walk++) {
      for (let cursor: string | null = null, first = true; first || cursor; first = false) {
        const got = await overHttp(p, { mode, limit, cursor })
        cursor = (JSON.parse(got.text) as { result: { data: { nextCursor: string | null } } }).result.data.nextCursor
      }
    }
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const page: Page['result']['data'] = (JSON.parse(await warmPage(p, { mode, limit, cursor })) as Page).result.data
      ids.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    return ids
  }

  it('is the general path’s page byte for byte, equals the oracle, and costs no query and one Redis round trip once its posts are shaped here', async () => {
    const people = await randomGraph(t, 5, 10)
    for (const p of people.slice(0, 5)) {
      await warm(p)
      expect(await walkWarm(p, 'latest', 3)).toEqual(await oracle(t, p.id))
      // `top` over the reader's current ranking: every visible post once.
      const top = await walkWarm(p, 'top', 4)
      expect(new Set(top).size).toBe(top.length)
      expect(new Set(top)).toEqual(new Set(await oracle(t, p.id)))
    }
    // Some of these readers follow an account over the threshold: the script merged its posts.
    const celebrities = await Promise.all(people.slice(0, 5).map((p) => t.app.engines.redis!.get(redisAdapters.keys.celebrities(p.id))))
    expect(celebrities.some((c) => c !== null && c !== '[]')).toBe(true)
    // A batch of one is spliced too.
    const p = people[0]!
    const single = await overHttp(p, { mode: 'latest', limit: 3 })
    const batched = await overHttp(p, { mode: 'latest', limit: 3 }, true)
    expect(batched.queries).toEqual([])
    expect(batched.text).toBe(`[${single.text}]`)
  })

  it('shows an edited post, a renamed author and a core cached by an older version at once, reading a changed post’s texts in a second round trip', async () => {
    const [reader, author] = await Promise.all([t.user(), t.user()])
    await reader.api.user.follow({ username: author.username })
    const post = await author.api.post.create(photo())
    await t.app.deps.queue.drain()
    await warm(reader)
    const input: Input = { mode: 'latest', limit: 10 }
    const page = (commands: number) => warmPage(reader, input, commands)
    await overHttp(reader, input) // shapes the post here
    await page(1)
    const redis = t.app.engines.redis!
    // Each change, and the round trips of the page after the general path cached the new texts: two
    // when the post's shape here is stale (its stamp read, then its texts), one when it is not.
    const edits: [() => Promise<unknown>, number][] = [
      [() => author.api.post.update({ id: post.id, caption: 'edited #now' }), 2],
      [() => author.api.user.update({ displayName: 'Renamed Author' }), 2],
      // A core cached without its stamp (an older version's): read as a miss and cached again with
      // one, the same as before (the same text): the shape here still holds.
      [
        async () => {
          const text = (await redis.get(redisAdapters.keys.post(post.id)))!
          await redis.set(redisAdapters.keys.post(post.id), redisAdapters.unstamped(text)!, 'EX', 60)
        },
        1,
      ],
    ]
    for (const [edit, commands] of edits) {
      await edit()
      const cold = await overHttp(reader, input)
      expect(cold.queries.length).toBeGreaterThan(0) // not warm: the general path read Postgres
      expect(cold.text).toBe(await general(reader, input))
      await page(commands)
      await page(1)
    }
    expect(await page(1)).toContain('edited #now')
    expect(await page(1)).toContain('Renamed Author')
    expect(redisAdapters.stampOf((await redis.get(redisAdapters.keys.post(post.id)))!)).toMatch(new RegExp(`^[0-9a-f]{16}/${author.id}$`))

    // A text that changed between the page's two reads: its stamp no longer matches, and the page is not warm.
    const pages = t.app.deps.warmPages!
    const read = await pages.read(reader.id, { mode: 'latest', limit: 10, after: null })
    expect(read).toMatchObject({ posts: [{ id: post.id }] })
    expect(await pages.texts((read as WarmPageRead).posts)).not.toBeNull()
    const core = redisAdapters.unstamped((await redis.get(redisAdapters.keys.post(post.id)))!)!
    await redis.set(redisAdapters.keys.post(post.id), redisAdapters.stamped(core.replace('edited #now', 'edited again'), author.id), 'EX', 60)
    expect(await pages.texts((read as WarmPageRead).posts)).toBeNull()
  })

  it('does not read a followed celebrity’s list whose newest post is older than the page’s end, and shows their new post at once', async () => {
    const [reader, celebrity, friend, ...fans] = await Promise.all([t.user(), t.user(), t.user(), t.user(), t.user(), t.user()])
    for (const p of [reader, ...fans]) await p.api.user.follow({ username: celebrity.username }) // four followers: over the threshold of three
    await reader.api.user.follow({ username: friend.username })
    const old = await celebrity.api.post.create(photo())
    for (let i = 0; i < 4; i++) await friend.api.post.create(photo())
    await t.app.deps.queue.drain()
    await warm(reader)
    const redis = t.app.engines.redis!
    const { keys } = redisAdapters
    const input: Input = { mode: 'latest', limit: 3 }
    const page = async () => {
      for (let i = 0; i < 2; i++) await overHttp(reader, input) // caches, then shapes here, any post new to the page
      return (JSON.parse(await warmPage(reader, input)) as Page).result.data.items.map((i) => i.id)
    }
    expect(await page()).not.toContain(old.id)
    const oldT = Number(await redis.zscore(keys.authorRecent(celebrity.id), old.id))
    expect(await redis.get(keys.authorNewest(celebrity.id))).toBe(String(oldT))
    // The list is not read: an entry put in it behind the fan-out's back, newer than its newest time, is not seen.
    await redis.zadd(keys.authorRecent(celebrity.id), Date.now() + 60_000, old.id)
    expect((await overHttp(reader, input)).text).not.toContain(old.id)
    await redis.zadd(keys.authorRecent(celebrity.id), oldT, old.id)

    // A new post raises the newest time with the list: the next page shows it first.
    const fresh = await celebrity.api.post.create(photo())
    await t.app.deps.queue.drain()
    expect((await page())[0]).toBe(fresh.id)
    const freshT = Number(await redis.get(keys.authorNewest(celebrity.id)))
    expect(freshT).toBeGreaterThan(oldT)
    // It never falls: not for an older post fanned out again, nor for the list rebuilt after a deletion.
    await t.app.deps.timelines!.jobs['feed.fanout']({ postId: old.id, authorId: celebrity.id, createdAt: oldT })
    await celebrity.api.post.delete({ id: fresh.id })
    await t.app.deps.queue.drain()
    await redis.del(keys.authorRecentBuilt(celebrity.id))
    expect(await page()).not.toContain(fresh.id)
    expect(Number(await redis.get(keys.authorNewest(celebrity.id)))).toBe(freshT)
    // A list without a newest time (written by an older version) is read.
    await redis.del(keys.authorNewest(celebrity.id))
    await redis.zadd(keys.authorRecent(celebrity.id), Date.now() + 60_000, old.id)
    expect((await page())[0]).toBe(old.id)
  })

  it('renews a session entry near its end from Postgres after a warm page, and never one revoked or signed out', async () => {
    const [reader, author] = await Promise.all([t.user(), t.user()])
    await reader.api.user.follow({ username: author.username })
    await author.api.post.create(photo())
    await t.app.deps.queue.drain()
    await warm(reader)
    const redis = t.app.engines.redis!
    const tokenHash = auth.hashToken(reader.token)
    const key = redisAdapters.keys.session(tokenHash)
    const text = (await redis.get(key))!
    expect(text).toContain(reader.id)
    // Five seconds left: the page is served warm, and the entry renewed behind it for a new minute.
    await redis.expire(key, 5)
    const got = await overHttp(reader, { mode: 'latest', limit: 10 })
    expect(got.status).toBe(200)
    expect(got.redisCommands).toBeLessThanOrEqual(2)
    await vi.waitFor(async () => expect(await redis.ttl(key)).toBeGreaterThan(30))
    expect(await redis.get(key)).toBe(text)

    // Revoked in Postgres without its tombstone (the other process could not write it): left to run out.
    await redis.expire(key, 5)
    await t.app.engines.db.db.execute(sql`update sessions set revoked_at = now() where token_hash = ${tokenHash}`)
    await auth.renewSession(t.app.deps, tokenHash, text)
    expect(await redis.ttl(key)).toBeLessThanOrEqual(5)
    // Signed out (a tombstone) between the read of Postgres and the renewal: the tombstone stays.
    await redis.set(key, 'revoked', 'EX', 60)
    await t.app.deps.sessionCache.renew!(tokenHash, text, { id: reader.id, username: reader.username, sessionId: 'x' }, 60)
    expect(await redis.get(key)).toBe('revoked')
    expect((await overHttp(reader, { mode: 'latest', limit: 10 })).status).toBe(401)
  })

  it('keeps every privacy rule: strangers, pending followers, removal, blocks, sign-out, signed URLs', async () => {
    const [reader, open, priv, stranger] = await Promise.all([t.user(), t.user(), t.user(undefined, { isPrivate: true }), t.user()])
    const pending = await t.user()
    await reader.api.user.follow({ username: open.username })
    await reader.api.user.follow({ username: priv.username })
    await priv.api.user.approveFollow({ username: reader.username })
    await pending.api.user.follow({ username: priv.username }) // never approved
    await stranger.api.user.follow({ username: open.username })
    const openPost = await open.api.post.create(photo())
    const privPost = await priv.api.post.create(photo())
    await t.app.deps.queue.drain()
    for (const p of [reader, pending, stranger]) await warm(p)
    const idsOf = async (p: Person) => {
      const got = await overHttp(p, { mode: 'latest', limit: 10 })
      expect(got.queries).toEqual([]) // warm: the spliced path answered
      return (JSON.parse(got.text) as { result: { data: { items: { id: string; media: { urls: { thumb: string } }[] }[] } } }).result.data.items
    }
    const seen = await idsOf(reader)
    expect(seen.map((i) => i.id)).toEqual([privPost.id, openPost.id])
    // A private account's media is signed; a public one's is not.
    expect(seen[0]!.media[0]!.urls.thumb).toMatch(/[?&]sig=/)
    expect(seen[1]!.media[0]!.urls.thumb).not.toMatch(/sig=/)
    expect((await idsOf(pending)).map((i) => i.id)).toEqual([])
    expect((await idsOf(stranger)).map((i) => i.id)).toEqual([openPost.id])

    // Removed by the private account, blocked by the public one: gone from the next page at once.
    await priv.api.user.removeFollower({ username: reader.username })
    await open.api.user.block({ username: reader.username })
    const after = await overHttp(reader, { mode: 'latest', limit: 10 })
    expect(after.status).toBe(200)
    expect((JSON.parse(after.text) as { result: { data: { items: unknown[] } } }).result.data.items).toEqual([])
    const topAfter = await overHttp(reader, { mode: 'top', limit: 10 })
    expect((JSON.parse(topAfter.text) as { result: { data: { items: unknown[] } } }).result.data.items).toEqual([])

    // Signed out by another process (its tombstone in the cache), while this one still remembers
    // the session: the page's script sees the cache changed, and the usual path refuses the token.
    const tokenHash = auth.hashToken(reader.token)
    const redis = t.app.engines.redis!
    const cached = await redis.get(redisAdapters.keys.session(tokenHash))
    expect(cached).toContain(reader.id)
    await redis.set(redisAdapters.keys.session(tokenHash), 'revoked', 'EX', 60)
    expect((await overHttp(reader, { mode: 'latest', limit: 10 })).status).toBe(401)
    // Its entry expired instead: the usual path reads the session from Postgres, and the page is served.
    await redis.set(redisAdapters.keys.session(tokenHash), cached!, 'EX', 60)
    expect((await overHttp(reader, { mode: 'latest', limit: 10 })).status).toBe(200)
    await redis.del(redisAdapters.keys.session(tokenHash))
    const reread = await overHttp(reader, { mode: 'latest', limit: 10 })
    expect(reread.status).toBe(200)
    expect(reread.queries.some((q) => q.includes('"sessions"'))).toBe(true)

    // Signed out: the token is refused, warm page or not.
    await stranger.api.auth.signOut()
    expect((await overHttp(stranger, { mode: 'latest', limit: 10 })).status).toBe(401)
    // Bad input and a forged cursor get the procedure's own refusals.
    expect((await overHttp(reader, { mode: 'latest', limit: 10, cursor: 'not-a-cursor' })).status).toBe(400)
    expect((await overHttp(reader, { mode: 'top', limit: 10_000 })).status).toBe(400)
  })
})
