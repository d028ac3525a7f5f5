// A reader whose timeline is not in Redis (a first visit, an expired or lost timeline) is served
// from Postgres at once, and the worker rebuilds the timeline: the request never waits for it.
// The app here is a read process (ROLE=read): nothing runs its queued jobs, so each job below is
// run by hand where the worker would, and what the request path did alone can be seen.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { redisAdapters } from '@mosaic/core'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

const photo = () => {
  const f = new FormData()
  f.append('files', new File([readFileSync(path.join(FIXTURES, 'swiss.png'))], 'swiss.png'))
  return f
}
const ids = (page: { items: { id: string }[] }) => page.items.map((p) => p.id)

let t: TestApp
let redis: Redis
beforeAll(async () => {
  t = await startTestApp({ redis: true, env: { ROLE: 'read' } })
  redis = new Redis(t.config.REDIS_URL!, { keyPrefix: t.config.REDIS_KEY_PREFIX })
})
afterAll(async () => {
  redis?.disconnect()
  await t?.close()
})

const timelines = () => t.app.deps.timelines!
const posted = async (author: Awaited<ReturnType<TestApp['user']>>) => {
  const { id } = await author.api.post.create(photo())
  const row = await t.app.engines.db.db.query.posts.findFirst({ where: (p, { eq }) => eq(p.id, id) })
  // What the worker's fan-out job would do for it.
  await timelines().jobs['feed.fanout']({ postId: id, authorId: author.id, createdAt: row!.createdAt.getTime() })
  return id
}

describe('a timeline missing from Redis', () => {
  it('is not rebuilt on the request path: the page comes from Postgres, then the worker’s rebuild serves the same pages', async () => {
    const [reader, a, b] = await Promise.all([t.user(), t.user(), t.user()])
    await reader.api.user.follow({ username: a.username })
    await reader.api.user.follow({ username: b.username })
    const made: string[] = []
    for (const author of [a, b, a, b, a]) made.push(await posted(author))
    const expected = [...made].reverse()

    const cold = await reader.api.feed.home({ mode: 'latest', limit: 3 })
    expect(ids(cold)).toEqual(expected.slice(0, 3))
    expect(ids(await reader.api.feed.home({ mode: 'latest', limit: 3, cursor: cold.nextCursor }))).toEqual(expected.slice(3))
    expect(new Set(ids(await reader.api.feed.home({ mode: 'top' })))).toEqual(new Set(made))
    // Nothing was built while answering: that is the worker's job.
    expect(await redis.exists(redisAdapters.keys.timelineBuilt(reader.id), redisAdapters.keys.timeline(reader.id))).toBe(0)

    await timelines().jobs['feed.rebuild']({ userId: reader.id })
    expect(await redis.zrevrange(redisAdapters.keys.timeline(reader.id), 0, -1)).toEqual(expected)
    const warm = await reader.api.feed.home({ mode: 'latest', limit: 3 })
    expect(ids(warm)).toEqual(expected.slice(0, 3))
    expect(ids(await reader.api.feed.home({ mode: 'latest', limit: 3, cursor: warm.nextCursor }))).toEqual(expected.slice(3))
  })

  it('keeps a post that commits while the rebuild runs, and serves from Postgres until the rebuild ends', async () => {
    const [reader, a] = await Promise.all([t.user(), t.user()])
    await reader.api.user.follow({ username: a.username })
    const first = await posted(a)
    await timelines().jobs['feed.rebuild']({ userId: reader.id })

    // A rebuild under way (it has read Postgres; it has not written yet): the flag it holds.
    await redis.del(redisAdapters.keys.timelineBuilt(reader.id))
    await redis.sadd(redisAdapters.keys.timelineBuilding(reader.id), 'another')
    const during = await posted(a)
    // Fan-out added the post though the timeline is not built: the rebuild's read may predate it.
    expect(await redis.zscore(redisAdapters.keys.timeline(reader.id), during)).not.toBeNull()
    // A second rebuild that finishes first sets the built flag, yet readers wait for the other one.
    await redis.set(redisAdapters.keys.timelineBuilt(reader.id), '1')
    expect((await timelines().read(reader.id, { count: 10 })).built).toBe(false)
    expect(ids(await reader.api.feed.home({ mode: 'latest' }))).toEqual([during, first])

    await redis.srem(redisAdapters.keys.timelineBuilding(reader.id), 'another')
    expect((await timelines().read(reader.id, { count: 10 })).built).toBe(true)
    expect(ids(await reader.api.feed.home({ mode: 'latest' }))).toEqual([during, first])
  })

  it('stays unbuilt, and fails the job for a retry, when the rebuild’s building mark is lost while it reads Postgres (a failover)', async () => {
    const [reader, a] = await Promise.all([t.user(), t.user()])
    await reader.api.user.follow({ username: a.username })
    const first = await posted(a)
    // A database whose every statement is followed by the mark's loss, as when the master that held
    // it died before its replica had it: fan-out skips posts that commit meanwhile.
    const db = t.app.engines.db.db
    const lossy = new Proxy(db, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target)
        if (prop !== 'execute' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value
        return async (...args: unknown[]) => {
          const result: unknown = await Reflect.apply(value, target, args)
          await redis.del(redisAdapters.keys.timelineBuilding(reader.id))
          return result
        }
      },
    })
    const rebuilding = redisAdapters.createTimelines({ db: lossy, redis: t.app.engines.redis!, config: t.app.deps.feedConfig })
    await redis.del(redisAdapters.keys.timelineBuilt(reader.id))
    await expect(rebuilding.jobs['feed.rebuild']({ userId: reader.id })).rejects.toThrow(/building mark/)
    expect(await redis.exists(redisAdapters.keys.timelineBuilt(reader.id))).toBe(0)
    expect((await timelines().read(reader.id, { count: 10 })).built).toBe(false)
    // The job's retry, with its mark kept, builds it whole.
    const during = await posted(a)
    await timelines().jobs['feed.rebuild']({ userId: reader.id })
    expect((await timelines().read(reader.id, { count: 10 })).entries.map((e) => e.id)).toEqual([during, first])
  })

  it('reuses a reader’s top ranking only while no post reached the timeline and the follows have not changed since it was made', async () => {
    const [reader, a, b] = await Promise.all([t.user(), t.user(), t.user()])
    await reader.api.user.follow({ username: a.username })
    await reader.api.user.follow({ username: b.username })
    await timelines().jobs['feed.rebuild']({ userId: reader.id })
    await timelines().keepRanking(reader.id, 'first', Date.now())
    expect(await timelines().rankingOf(reader.id)).toBe('first')
    await posted(a) // fanned into the reader's timeline: rank again
    expect(await timelines().rankingOf(reader.id)).toBeNull()

    // A ranking that began reading before an unfollow and is saved after it may hold that account.
    const began = Date.now() - 1000
    await reader.api.user.unfollow({ username: b.username })
    await timelines().keepRanking(reader.id, 'raced', began)
    expect(await timelines().rankingOf(reader.id)).toBeNull()
    await new Promise((r) => setTimeout(r, 5))
    await timelines().keepRanking(reader.id, 'after', Date.now())
    expect(await timelines().rankingOf(reader.id)).toBe('after')
  })

  it('asks the worker once however many pages find it missing while that rebuild waits', async () => {
    const [reader, a] = await Promise.all([t.user(), t.user()])
    await reader.api.user.follow({ username: a.username })
    await posted(a)
    await Promise.all(Array.from({ length: 5 }, () => reader.api.feed.home({ mode: 'latest' })))
    const waiting = await redis.keys(`*rebuild-${reader.id}-*`)
    // BullMQ keeps one job hash (and its logs key, if any) per job id.
    expect(new Set(waiting.filter((k) => !k.endsWith(':logs')).map((k) => k.split(':').pop()))).toHaveProperty('size', 1)
  })
})
