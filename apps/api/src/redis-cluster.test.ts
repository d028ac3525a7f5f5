// The app on a real six-node Redis Cluster (three masters, three replicas): keys spread over slots,
// the post cache's cross-slot reads, a feed page and its fan-out job, and a master killed mid-run.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { redisAdapters } from '@mosaic/core'
import { Cluster, Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Sandbox } from './testing/engines.ts'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'
import { PrivateRedisCluster } from './testing/redis-cluster.ts'

const photo = () => {
  const f = new FormData()
  f.append('files', new File([readFileSync(path.join(FIXTURES, 'hopper.gif'))], 'hopper.gif'))
  return f
}
const ids = (page: { items: { id: string }[] }) => page.items.map((p) => p.id)
const until = async (check: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 300; i++) {
    if (await check().catch(() => false)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

let sandbox: Sandbox
let cluster: PrivateRedisCluster
let t: TestApp
beforeAll(async () => {
  sandbox = new Sandbox({ prefix: 'mosaic-redis-cluster' })
  cluster = await PrivateRedisCluster.create(sandbox)
  t = await startTestApp({ redisCluster: cluster.nodes })
}, 90_000)
afterAll(async () => {
  await t?.close()
  await cluster?.stop()
  sandbox?.destroySync()
})

const clusterClient = () => {
  const c = t.app.engines.redis
  if (!(c instanceof Cluster)) throw new Error('the app is not on the cluster')
  return c
}

describe('on a Redis Cluster', () => {
  it('computes the same slot as Redis for tagged, untagged and oddly braced keys', async () => {
    const probe = new Redis(Number(cluster.nodes.split(',')[0]!.split(':')[1]))
    try {
      const samples = [
        redisAdapters.keys.timeline('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'),
        redisAdapters.keys.post('p1'),
        redisAdapters.keys.counts('p1'),
        'rl:signin:127.0.0.1',
        't1234:{trend}:b:5',
        '{}x',
        '{',
        'a{b}c{d}',
        'ünïcödé{ü}',
        ...Array.from({ length: 50 }, (_, i) => `key-${i}`),
      ]
      for (const key of samples) expect(redisAdapters.keySlot(key), key).toBe(await probe.cluster('KEYSLOT', key))
    } finally {
      probe.disconnect()
    }
  })

  it('serves a feed page from Redis, filled by the fan-out job over BullMQ on the cluster', async () => {
    const [reader, a, b] = await Promise.all([t.user(), t.user(), t.user()])
    await reader.api.user.follow({ username: a.username })
    await reader.api.user.follow({ username: b.username })
    await reader.api.feed.home({ mode: 'latest' }) // builds the reader's timeline
    const posted = []
    for (const author of [a, b, a, b]) posted.push((await author.api.post.create(photo())).id)
    await t.app.deps.queue.drain()
    // The fan-out job ran through BullMQ on the cluster: the posts are in the reader's timeline.
    expect(await clusterClient().zrevrange(redisAdapters.keys.timeline(reader.id), 0, -1)).toEqual([...posted].reverse())
    const page = await reader.api.feed.home({ mode: 'latest' })
    expect(ids(page)).toEqual([...posted].reverse())
    const top = await reader.api.feed.home({ mode: 'top' })
    expect(new Set(ids(top))).toEqual(new Set(posted))
    expect((await t.app.server.inject({ url: '/readyz' })).json().engines.redis).toBe('up')
  })

  it('reads and fills the post cache over posts in every slot', async () => {
    const author = await t.user()
    const created: string[] = []
    for (let i = 0; i < 24; i++) created.push((await author.api.post.create(photo())).id)
    const slots = new Set(created.map((id) => redisAdapters.keySlot(redisAdapters.keys.post(id))))
    const masters = await cluster.masters()
    expect(slots.size).toBeGreaterThan(12)
    let loads = 0
    const cache = redisAdapters.createPostCache({
      db: t.app.engines.db.db,
      redis: clusterClient(),
      load: async (db, list) => {
        loads += list.length
        const { posts } = await import('@mosaic/core')
        return posts.loadPostCores(db, list)
      },
    })
    await Promise.all(created.map((id) => cache.invalidate(id)))
    const first = await cache.getMany(created)
    expect([...first.keys()].sort()).toEqual([...created].sort())
    expect(loads).toBe(created.length)
    // Now every post is in Redis, on all three masters: the second read loads nothing.
    const second = await cache.getMany([...created].reverse())
    expect(loads).toBe(created.length)
    expect([...second.values()].map((c) => c.id)).toEqual([...created].reverse())
    expect(masters).toHaveLength(3)
  })

  it('keeps the feed answering from Postgres while a master fails over, then uses Redis again', async () => {
    const [reader, a] = await Promise.all([t.user(), t.user()])
    await reader.api.user.follow({ username: a.username })
    await reader.api.feed.home({ mode: 'latest' })
    const before = (await a.api.post.create(photo())).id
    await t.app.deps.queue.drain()
    expect(ids(await reader.api.feed.home({ mode: 'latest' }))).toEqual([before])

    // Kill the master that holds the reader's timeline.
    const slot = redisAdapters.keySlot(t.config.REDIS_KEY_PREFIX + redisAdapters.keys.timeline(reader.id))
    const owner = async () => {
      const ranges = await clusterClient().cluster('SLOTS')
      return ranges.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1]
    }
    const victim = await owner()
    const fallbacks = async () => Number(/^mosaic_feed_pull_fallbacks_total (\d+)/m.exec((await t.app.server.inject({ url: '/metrics' })).body)?.[1] ?? 0)
    const fallbacksBefore = await fallbacks()
    const feeds: string[][] = []
    // From the kill until its replica is promoted (at least cluster-node-timeout), the reader's
    // timeline has no master: the feed keeps answering every page, from Postgres.
    let failedOver = false
    const reading = (async () => {
      while (!failedOver) {
        feeds.push(ids(await reader.api.feed.home({ mode: 'latest' })))
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    expect(victim).toBeDefined()
    await cluster.killMaster(victim).finally(() => (failedOver = true))
    await reading
    expect(feeds.length).toBeGreaterThan(0)
    expect(feeds.every((f) => f.length === 1 && f[0] === before)).toBe(true)
    expect(await fallbacks()).toBeGreaterThan(fallbacksBefore)

    // After failover the app finds the new master by itself: a new post is fanned out into Redis.
    await until(async () => (await t.app.server.inject({ url: '/readyz' })).statusCode === 200, 'ready again')
    await until(async () => t.app.deps.queue.drain().then(() => true), 'the queue answering')
    const after = (await a.api.post.create(photo())).id
    await until(async () => {
      await t.app.deps.queue.drain()
      // Reading rebuilds the timeline from Postgres should the failover have lost it.
      await reader.api.feed.home({ mode: 'latest' })
      return (await clusterClient().zscore(redisAdapters.keys.timeline(reader.id), after)) !== null
    }, 'the new post in the reader’s timeline in Redis')
    expect(ids(await reader.api.feed.home({ mode: 'latest' }))).toEqual([after, before])
  })

  it('drops the keys derived from Postgres on a promoted replica, which may lack its old master’s last writes, and keeps jobs and trending', async () => {
    // The app's own watcher runs in its worker; this one is driven by the test, over the same client.
    const watcher = redisAdapters.watchFailovers({ client: clusterClient(), prefix: t.config.REDIS_KEY_PREFIX, intervalMs: 3_600_000 })!
    try {
      await watcher.check() // the masters as they are now
      const c = clusterClient()
      const masters = await cluster.masters()
      // A key of each kind on each master; the victim is one the earlier failover left with a replica.
      const owned = async (key: string) => {
        const slot = redisAdapters.keySlot(t.config.REDIS_KEY_PREFIX + key)
        const ranges = await c.cluster('SLOTS')
        return ranges.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1]
      }
      const derived = Array.from({ length: 30 }, (_, i) => [redisAdapters.keys.timelineBuilt(`u${i}`), redisAdapters.keys.post(`p${i}`), redisAdapters.keys.authorRecentBuilt(`a${i}`), redisAdapters.keys.session(`s${i}`)]).flat()
      const kept = ['{bull}:jobs-stand-in', redisAdapters.keys.trendTop(), redisAdapters.keys.recentWrite('u0')]
      for (const k of [...derived, ...kept]) await c.set(k, '1')
      const byNode = new Map<number, string[]>()
      for (const k of derived) {
        const port = await owned(k)
        byNode.set(port!, [...(byNode.get(port!) ?? []), k])
      }
      const replicated = await cluster.mastersWithReplica()
      const victim = masters.find((m) => replicated.includes(m) && (byNode.get(m)?.length ?? 0) > 0)!
      expect(victim).toBeDefined()
      // Written on the master before it dies: wait until its replica has them too.
      await c.nodes('master').find((n) => n.options.port === victim)!.call('WAIT', 1, 2000)
      await cluster.killMaster(victim)
      await until(async () => {
        await watcher.check()
        const left = await Promise.all(byNode.get(victim)!.map((k) => c.exists(k)))
        return left.every((n) => n === 0)
      }, 'the promoted node’s derived keys dropped')
      // The derived keys of a master never failed over, and jobs, trending and read-your-writes marks, stay.
      // (The master the earlier test promoted has no replica now; the app's own watcher may still be dropping its keys.)
      const others = [...byNode.entries()].filter(([port]) => port !== victim && replicated.includes(port)).flatMap(([, ks]) => ks)
      expect(others.length).toBeGreaterThan(0)
      expect((await Promise.all(others.map((k) => c.exists(k)))).every((n) => n === 1)).toBe(true)
      expect(await Promise.all(kept.map((k) => c.exists(k)))).toEqual([1, 1, 1])
    } finally {
      watcher.close()
    }
  })
})
