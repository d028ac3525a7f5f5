import { redisAdapters } from '@mosaic/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Sandbox } from './testing/engines.ts'
import { oracle, photo, randomGraph } from './testing/feed-graph.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { PrivateRedisCluster } from './testing/redis-cluster.ts'

type Api = Awaited<ReturnType<TestApp['user']>>['api']
type FeedPage = { items: { id: string; createdAt: string; author: { username: string } }[]; nextCursor: string | null }

async function walk(api: Api, mode: 'top' | 'latest', limit: number, between?: () => Promise<void>) {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const page: FeedPage = await api.feed.home({ mode, limit, cursor })
    ids.push(...page.items.map((p) => p.id))
    cursor = page.nextCursor
    if (between) await between()
  } while (cursor)
  return ids
}

describe.each([
  ['with Redis timelines', 'redis'],
  ['with Redis timelines on a Redis Cluster', 'cluster'],
  ['pulled from Postgres (no Redis)', 'none'],
] as const)('the home feed %s', (_, engine) => {
  const redis = engine !== 'none'
  let t: TestApp
  let sandbox: Sandbox | null = null
  let cluster: PrivateRedisCluster | null = null
  beforeAll(async () => {
    if (engine === 'cluster') {
      sandbox = new Sandbox({ prefix: 'mosaic-feed-cluster' })
      cluster = await PrivateRedisCluster.create(sandbox)
    }
    t = await startTestApp({ redis: engine === 'redis', ...(cluster ? { redisCluster: cluster.nodes } : {}), env: { FEED_CELEBRITY_THRESHOLD: '6' } })
  }, 90_000)
  afterAll(async () => {
    await t?.close()
    await cluster?.stop()
    sandbox?.destroySync()
  })

  it('in latest mode equals the oracle across all pages, for a random graph', async () => {
    const people = await randomGraph(t, 7)
    for (const p of people.slice(0, 6)) {
      const expected = await oracle(t, p.id)
      expect(await walk(p.api, 'latest', 4)).toEqual(expected)
    }
  })

  it('in top mode never repeats or skips a post while posts are liked and added between pages', async () => {
    const people = await randomGraph(t, 11)
    const viewer = people[0]!
    const expected = new Set(await oracle(t, viewer.id))
    let n = 0
    const seen = await walk(viewer.api, 'top', 3, async () => {
      const other = people[++n % people.length]!
      const some = (await other.api.post.byUser({ username: other.username, limit: 1 })).items[0]
      if (some) await viewer.api.post.like({ id: some.id }).catch(() => {})
      await other.api.post.create(photo())
    })
    expect(new Set(seen).size).toBe(seen.length)
    expect(new Set(seen)).toEqual(expected)
  })

  it('shows a celebrity’s new posts to followers (pulled at read time, not fanned out)', async () => {
    const celeb = await t.user()
    const fans = await Promise.all(Array.from({ length: 8 }, () => t.user()))
    for (const f of fans) await f.api.user.follow({ username: celeb.username })
    await t.app.deps.queue.drain()
    // Build a fan's timeline before the celebrity posts, so only the pull path can bring it.
    await fans[0]!.api.feed.home({ mode: 'latest' })
    const post = await celeb.api.post.create(photo())
    await t.app.deps.queue.drain()
    const page = await fans[0]!.api.feed.home({ mode: 'latest' })
    expect(page.items[0]?.id).toBe(post.id)
    if (redis && t.app.engines.redis) {
      const inTimeline = await t.app.engines.redis.zscore(redisAdapters.keys.timeline(fans[0]!.id), post.id)
      expect(inTimeline).toBeNull()
    }
  })

  it('shows the posts of an author who just became a celebrity to a reader whose celebrity list was cached before', async () => {
    const [author, reader] = await Promise.all([t.user(), t.user()])
    await reader.api.user.follow({ username: author.username })
    await author.api.post.create(photo())
    await t.app.deps.queue.drain()
    await reader.api.feed.home({ mode: 'latest' })
    await t.app.deps.queue.drain()
    expect((await reader.api.feed.home({ mode: 'latest' })).items).toHaveLength(1) // the list of celebrities is cached: none
    // Past the threshold (6): the author's next post is not fanned out, only pulled through the list.
    const crowd = await Promise.all(Array.from({ length: 6 }, () => t.user()))
    for (const c of crowd) await c.api.user.follow({ username: author.username })
    const post = await author.api.post.create(photo())
    await t.app.deps.queue.drain()
    const page = await reader.api.feed.home({ mode: 'latest' })
    expect(page.items.map((p) => p.id)).toEqual([post.id, expect.any(String)])
    expect(await walk(reader.api, 'latest', 1)).toEqual(await oracle(t, reader.id))
  })

  it('drops an author’s posts at once on unfollow and block, and never shows private posts to non-followers', async () => {
    const [reader, author, priv] = await Promise.all([t.user(), t.user(), t.user(undefined, { isPrivate: true })])
    await reader.api.user.follow({ username: author.username })
    await author.api.post.create(photo())
    await priv.api.post.create(photo())
    await reader.api.user.follow({ username: priv.username }) // a request, not approved
    await t.app.deps.queue.drain()
    expect((await reader.api.feed.home({ mode: 'latest' })).items.map((p) => p.author.username)).toEqual([author.username])
    await reader.api.user.unfollow({ username: author.username })
    expect((await reader.api.feed.home({ mode: 'latest' })).items).toEqual([])
    await reader.api.user.follow({ username: author.username })
    await t.app.deps.queue.drain()
    expect((await reader.api.feed.home({ mode: 'latest' })).items).toHaveLength(1)
    await author.api.user.block({ username: reader.username })
    expect((await reader.api.feed.home({ mode: 'latest' })).items).toEqual([])
    expect((await reader.api.feed.home({ mode: 'top' })).items).toEqual([])
  })

  it('stops serving a private account’s posts from a top snapshot once the viewer is removed, blocked or unfollows', async () => {
    for (const how of ['removed', 'blocked', 'unfollowed'] as const) {
      const [reader, priv, pub] = await Promise.all([t.user(), t.user(undefined, { isPrivate: true }), t.user()])
      await reader.api.user.follow({ username: priv.username })
      await priv.api.user.approveFollow({ username: reader.username })
      await reader.api.user.follow({ username: pub.username })
      for (let i = 0; i < 3; i++) {
        await priv.api.post.create(photo())
        await pub.api.post.create(photo())
      }
      await t.app.deps.queue.drain()
      const first: FeedPage = await reader.api.feed.home({ mode: 'top', limit: 2 })
      expect(first.nextCursor).not.toBeNull()
      // The same snapshot from its first item, as a client replaying the cursor it was given could ask.
      const [tag, snapshot] = JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString()) as [string, string, number]
      const again = Buffer.from(JSON.stringify([tag, snapshot, 0])).toString('base64url')

      if (how === 'removed') await priv.api.user.removeFollower({ username: reader.username })
      if (how === 'blocked') await priv.api.user.block({ username: reader.username })
      if (how === 'unfollowed') await reader.api.user.unfollow({ username: priv.username })

      const rest: string[] = []
      let cursor: string | null = first.nextCursor
      while (cursor) {
        const page: FeedPage = await reader.api.feed.home({ mode: 'top', limit: 2, cursor })
        rest.push(...page.items.map((p) => p.author.username))
        cursor = page.nextCursor
      }
      const replayed: FeedPage = await reader.api.feed.home({ mode: 'top', limit: 6, cursor: again })
      const replayedAgain: FeedPage = await reader.api.feed.home({ mode: 'top', limit: 2, cursor: first.nextCursor })
      const authors = [...rest, ...replayed.items.map((p) => p.author.username), ...replayedAgain.items.map((p) => p.author.username)]
      expect(authors, how).not.toContain(priv.username)
      // The public account's posts are all still there.
      expect(replayed.items.filter((p) => p.author.username === pub.username), how).toHaveLength(3)
    }
  })

  it('never shows a deleted post, and refuses a malformed cursor', async () => {
    const [reader, author] = await Promise.all([t.user(), t.user()])
    await reader.api.user.follow({ username: author.username })
    const post = await author.api.post.create(photo())
    await t.app.deps.queue.drain()
    expect((await reader.api.feed.home({ mode: 'latest' })).items.map((p) => p.id)).toEqual([post.id])
    await author.api.post.delete({ id: post.id })
    expect((await reader.api.feed.home({ mode: 'latest' })).items).toEqual([])
    await expect(reader.api.feed.home({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})

describe('tag pages in top mode', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  })
  afterAll(() => t.close())

  // Already held before the hardening issue (tag pages re-check visibility per page); kept as a guard.
  it('stop serving a private account’s posts from a saved ranking once the viewer is removed', async () => {
    const [reader, priv, pub] = await Promise.all([t.user(), t.user(undefined, { isPrivate: true }), t.user()])
    await reader.api.user.follow({ username: priv.username })
    await priv.api.user.approveFollow({ username: reader.username })
    const tagged = () => {
      const f = photo()
      f.append('tags', 'ridge')
      return f
    }
    for (let i = 0; i < 3; i++) {
      await priv.api.post.create(tagged())
      await pub.api.post.create(tagged())
    }
    const first = await reader.api.tag.posts({ tag: 'ridge', mode: 'top', limit: 2 })
    await priv.api.user.removeFollower({ username: reader.username })
    const rest: string[] = []
    let cursor = first.nextCursor
    while (cursor) {
      const page: FeedPage = await reader.api.tag.posts({ tag: 'ridge', mode: 'top', limit: 2, cursor })
      rest.push(...page.items.map((p) => p.author.username))
      cursor = page.nextCursor
    }
    expect(rest).not.toContain(priv.username)
    expect(rest.length + first.items.length).toBeGreaterThanOrEqual(3)
  })
})

describe.each([
  ['on Redis', false],
  ['on a Redis Cluster', true],
] as const)('post cache %s', (_, onCluster) => {
  let t: TestApp
  let sandbox: Sandbox | null = null
  let cluster: PrivateRedisCluster | null = null
  beforeAll(async () => {
    if (onCluster) {
      sandbox = new Sandbox({ prefix: 'mosaic-postcache-cluster' })
      cluster = await PrivateRedisCluster.create(sandbox)
    }
    t = await startTestApp(cluster ? { redisCluster: cluster.nodes } : { redis: true })
  }, 90_000)
  afterAll(async () => {
    await t?.close()
    await cluster?.stop()
    sandbox?.destroySync()
  })

  it('fills a key that a thousand readers miss at once with one database read', async () => {
    const { posts: corePosts } = await import('@mosaic/core')
    const u = await t.user()
    const post = await u.api.post.create(photo())
    let loads = 0
    const cache = redisAdapters.createPostCache({
      db: t.app.engines.db.db,
      redis: t.app.engines.redis!,
      load: async (db, ids) => {
        loads++
        await new Promise((r) => setTimeout(r, 20))
        return corePosts.loadPostCores(db, ids)
      },
    })
    await cache.invalidate(post.id)
    const results = await Promise.all(Array.from({ length: 1000 }, () => cache.getMany([post.id])))
    expect(loads).toBe(1)
    expect(results.every((r) => r.get(post.id)?.id === post.id)).toBe(true)
    await cache.getMany([post.id])
    expect(loads).toBe(1) // now served from Redis
  })
})
