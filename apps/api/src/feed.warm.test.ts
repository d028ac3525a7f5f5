// A warm home feed page — the reader's timeline built, their session, posts, counts, authors and
// liked and saved sets in Redis — is served without one database query, in `latest` and in
// `top` (whose first page ranks by counts kept in Redis), on one Redis and on a Redis Cluster.
// Counted at the source: every statement sent to Postgres, every command sent to Redis.
import { redisAdapters } from '@mosaic/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Sandbox } from './testing/engines.ts'
import { onRedisCommand, photo } from './testing/feed-graph.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { PrivateRedisCluster } from './testing/redis-cluster.ts'

type Page = { items: { id: string; likeCount: number; viewerHasLiked: boolean; viewerHasSaved?: boolean }[]; nextCursor: string | null }

describe.each([
  ['on one Redis', 'redis'],
  ['on a Redis Cluster', 'cluster'],
] as const)('a warm feed page %s', (_label, engine) => {
  let t: TestApp
  let sandbox: Sandbox | null = null
  let cluster: PrivateRedisCluster | null = null
  const queries: string[] = []
  let redisCommands = 0
  beforeAll(async () => {
    if (engine === 'cluster') {
      sandbox = new Sandbox({ prefix: 'mosaic-feed-warm' })
      cluster = await PrivateRedisCluster.create(sandbox)
    }
    t = await startTestApp({ ...(cluster ? { redisCluster: cluster.nodes } : { redis: true }), onQuery: (q) => queries.push(q) })
    onRedisCommand(t, () => redisCommands++)
  }, 90_000)
  afterAll(async () => {
    await t?.close()
    await cluster?.stop()
    sandbox?.destroySync()
  })

  /** Runs `read` and returns what it sent: database statements and Redis commands. */
  const count = async <T,>(read: () => Promise<T>) => {
    queries.length = 0
    redisCommands = 0
    const value = await read()
    return { value, queries: [...queries], redisCommands }
  }

  it('makes no database query in latest and top, with likes and saves right, and reads Postgres again only for what changed', async () => {
    const [reader, a, b] = await Promise.all([t.user(), t.user(), t.user(undefined, { isPrivate: true })])
    await reader.api.user.follow({ username: a.username })
    await reader.api.user.follow({ username: b.username })
    await b.api.user.approveFollow({ username: reader.username })
    const made: string[] = []
    for (const author of [a, b, a, b, a, b]) made.push((await author.api.post.create(photo())).id)
    await t.app.deps.queue.drain()
    // The first visit: served from Postgres while the worker builds the timeline; then every cache fills.
    await reader.api.feed.home({ mode: 'latest' })
    await t.app.deps.queue.drain()
    await reader.api.feed.home({ mode: 'top' })
    // A like and a save change the cached counts and the reader's sets in place.
    await reader.api.post.like({ id: made[1]! })
    await reader.api.post.save({ id: made[2]! })
    await t.app.deps.queue.drain() // the like's notification, written by the worker: not the page's query

    const latest = await count(() => reader.api.feed.home({ mode: 'latest', limit: 4 }) as Promise<Page>)
    expect(latest.queries).toEqual([])
    expect(latest.value.items.map((p) => p.id)).toEqual([...made].reverse().slice(0, 4))
    const next = await count(() => reader.api.feed.home({ mode: 'latest', limit: 4, cursor: latest.value.nextCursor }) as Promise<Page>)
    expect(next.queries).toEqual([])
    expect(next.value.items.map((p) => p.id)).toEqual([made[1], made[0]])

    // Within a minute, with no new post and no follow change, top's first page is the last ranking again.
    const again = await count(() => reader.api.feed.home({ mode: 'top' }) as Promise<Page>)
    expect(again.queries).toEqual([])
    expect(new Set(again.value.items.map((p) => p.id))).toEqual(new Set(made))
    // Its later pages too: the ranking is the reader's current one, in step with their follows.
    const short = await reader.api.feed.home({ mode: 'top', limit: 4 })
    const second = await count(() => reader.api.feed.home({ mode: 'top', limit: 4, cursor: short.nextCursor }) as Promise<Page>)
    expect(second.queries).toEqual([])
    expect(new Set([...short.items, ...second.value.items].map((p) => p.id))).toEqual(new Set(made))
    // A follow change makes it rank anew, from the counts in Redis: the one query is the followed
    // celebrities, which the follow change dropped; the page after that reads nothing.
    const quiet = await t.user()
    await reader.api.user.follow({ username: quiet.username })
    await t.app.deps.queue.drain()
    const first = await count(() => reader.api.feed.home({ mode: 'top' }) as Promise<Page>)
    expect(first.queries).toHaveLength(1)
    expect(first.queries[0]).toMatch(/follower_count >/)
    await reader.api.user.follow({ username: (await t.user()).username })
    await t.app.deps.queue.drain()
    await reader.api.feed.home({ mode: 'latest' }) // the celebrities again, read by latest
    const top = await count(() => reader.api.feed.home({ mode: 'top' }) as Promise<Page>)
    expect(top.queries).toEqual([])
    expect(new Set(top.value.items.map((p) => p.id))).toEqual(new Set(made))
    // The liked post ranks first (one like against none); flags come from the reader's sets in Redis.
    expect(top.value.items[0]).toMatchObject({ id: made[1], likeCount: 1, viewerHasLiked: true, viewerHasSaved: false })
    expect(top.value.items.find((p) => p.id === made[2])).toMatchObject({ viewerHasLiked: false, viewerHasSaved: true })
    // Bounded so that a change which adds reads shows here (the page's, session included; measured
    // 12 for latest and 21 for a fresh top on one Redis). A cluster takes a command per slot for the
    // page's per-post keys, which span slots.
    const most = engine === 'redis' ? 24 : 64
    expect(top.redisCommands).toBeLessThanOrEqual(most)
    expect(again.redisCommands).toBeLessThanOrEqual(most)
    expect(latest.redisCommands).toBeLessThanOrEqual(most)

    // An unsave changes the reader's set, not what is cached for the post: still no query.
    await reader.api.post.unsave({ id: made[2]! })
    const unsaved = await count(() => reader.api.feed.home({ mode: 'top' }) as Promise<Page>)
    expect(unsaved.queries).toEqual([])
    expect(unsaved.value.items.find((p) => p.id === made[2])).toMatchObject({ viewerHasSaved: false })
    // A like from someone else moves the cached counts as it commits: still no query, and the new count.
    await a.api.post.like({ id: made[4]! })
    const liked = await count(() => reader.api.feed.home({ mode: 'top' }) as Promise<Page>)
    expect(liked.queries).toEqual([])
    expect(liked.value.items.find((p) => p.id === made[4])).toMatchObject({ likeCount: 1, viewerHasLiked: false })
  })

  it('queues a reader’s timeline rebuild again as soon as the last one has run, not a minute later', async () => {
    const reader = await t.user()
    const redis = t.app.engines.redis!
    const built = () => redis.exists(redisAdapters.keys.timelineBuilt(reader.id))
    const rebuild = (jobId: string, pendingOnly: boolean) => t.app.deps.queue.enqueue('feed.rebuild', { userId: reader.id }, { jobId, pendingOnly })
    await rebuild(`rebuild-${reader.id}-a`, true)
    await t.app.deps.queue.drain()
    expect(await built()).toBe(1)
    // Lost again (a failover's watcher drops it): the same id is queued and run again.
    await redis.del(redisAdapters.keys.timelineBuilt(reader.id))
    await rebuild(`rebuild-${reader.id}-a`, true)
    await t.app.deps.queue.drain()
    expect(await built()).toBe(1)
    // Without pendingOnly, the finished job's record swallows its id: what the rebuild used to meet.
    await rebuild(`rebuild-${reader.id}-b`, false)
    await t.app.deps.queue.drain()
    await redis.del(redisAdapters.keys.timelineBuilt(reader.id))
    await rebuild(`rebuild-${reader.id}-b`, false)
    await t.app.deps.queue.drain()
    expect(await built()).toBe(0)
  })
})
