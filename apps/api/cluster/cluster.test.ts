// Mosaic as many machines, on this one over loopback: HAProxy (deploy/haproxy.cfg) in front of
// 2 read + 1 write + 1 worker processes from the production build, over a PostgreSQL primary and
// its streaming replica and a Redis Cluster, all started here on free ports under a temp folder.
// Through the balancer people sign up, follow, upload, like, comment, read feeds and search; then
// a read process, the replica and a Redis master are killed while they keep doing so.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { send } from '../drills/client.ts'
import { whereInRedis } from './diagnose.ts'
import { eventually, feedIds, get, post, signUp, upload, type Page, type Person, type PostOut } from './people.ts'
import { clusterEnv } from './test-env.ts'
import { Traffic } from './traffic.ts'
import { Topology } from './topology.ts'

const startedAt = Date.now()
let cluster: Topology
const people = {} as Record<'alice' | 'bob' | 'carol', Person>
/** Every post and like the cluster accepted, looked for again at the end. */
const accepted = { posts: [] as string[], likes: [] as { by: Person; postId: string }[] }

const cleanup = () => cluster?.sandbox.destroySync()
process.once('exit', cleanup)

beforeAll(async () => {
  cluster = await Topology.start({ prefix: 'mosaic-cluster', path: clusterEnv.path, keep: clusterEnv.keep })
}, 240_000)

afterAll(async () => {
  await cluster?.stop()
  const t = cluster?.timings
  console.log(
    `cluster project: ${((Date.now() - startedAt) / 1000).toFixed(0)} s` +
      (t ? ` (production build ${t.build.toFixed(0)} s, engines ${t.engines.toFixed(1)} s, four app processes ready ${t.apps.toFixed(1)} s)` : ''),
  )
})

describe('four app processes started at once on a fresh database', () => {
  it('migrate it exactly once', async () => {
    const journal = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../packages/db/drizzle/meta/_journal.json'), 'utf8')) as { entries: unknown[] }
    const sql = postgres(cluster.pg.url, { max: 1, onnotice: () => {} })
    try {
      const [row] = await sql<{ n: number; distinct: number }[]>`select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`
      expect(row).toEqual({ n: journal.entries.length, distinct: journal.entries.length })
    } finally {
      await sql.end()
    }
  })
})

describe('through the balancer', () => {
  it('people sign up, follow, upload a photo, like, comment, page through their feeds and search', async () => {
    const base = cluster.base
    for (const name of ['alice', 'bob', 'carol'] as const) people[name] = await signUp(base, `${name}_${Date.now().toString(36)}`)
    const { alice, bob, carol } = people
    for (const who of [bob, carol]) expect(await post<{ state: string }>(base, who, 'user.follow', { username: alice.username })).toEqual({ state: 'following' })

    const photo = await upload(base, alice, 'Evening over the dunes #sunset', 'Landscape_1.jpg')
    accepted.posts.push(photo.id)
    for (let i = 0; i < 4; i++) accepted.posts.push((await upload(base, alice, `walk number ${i} #dunes`)).id)
    expect(await post(base, bob, 'post.like', { id: photo.id })).toEqual({ likeCount: 1, viewerHasLiked: true })
    accepted.likes.push({ by: bob, postId: photo.id })
    const comment = await post<{ id: string; text: string }>(base, carol, 'comment.add', { postId: photo.id, text: 'What a light!' })
    expect(comment.text).toBe('What a light!')

    // Fan-out runs on the worker; pages of two walk the whole feed, newest first, with no repeat.
    const newestFirst = [...accepted.posts].reverse()
    for (const reader of [bob, carol]) await eventually(async () => expect(await feedIds(base, reader, 2)).toEqual(newestFirst))

    const seen = await eventually(async () => {
      const p = await get<PostOut>(base, bob, 'post.byId', { id: photo.id })
      expect(p).toMatchObject({ likeCount: 1, commentCount: 1, viewerHasLiked: true })
      return p
    })
    const comments = await get<Page<{ text: string }>>(base, alice, 'comment.list', { postId: photo.id })
    expect(comments.items.map((c) => c.text)).toEqual(['What a light!'])

    // The photo's bytes, served by a read process from the shared blob store.
    const media = await fetch(new URL(seen.media[0]!.urls.large, base))
    expect(media.status).toBe(200)
    expect(media.headers.get('content-type')).toMatch(/^image\//)

    await eventually(async () => {
      const found = await get<Page<PostOut>>(base, carol, 'search.posts', { q: 'sunset' })
      expect(found.items.map((p) => p.id)).toEqual([photo.id])
      const users = await get<{ username: string }[]>(base, carol, 'search.users', { q: alice.username.slice(0, 8) })
      expect(users.map((u) => u.username)).toContain(alice.username)
    })
  })

  it('the read pool serves every read a browser makes, and a mutation sent straight to a read process gets a clear error', async () => {
    const { alice, bob } = people
    const photoId = accepted.posts[0]!
    const reads: [string, Record<string, string>][] = [
      ['/', { accept: 'text/html' }],
      [`/p/${photoId}`, { accept: 'text/html' }],
      [`/${alice.username}`, { accept: 'text/html' }],
      ['/healthz', {}],
      ['/trpc/meta.limits', {}],
      [`/trpc/user.byUsername?input=${encodeURIComponent(JSON.stringify({ username: alice.username }))}`, { authorization: `Bearer ${bob.token}` }],
      ['/trpc/auth.me', { authorization: `Bearer ${bob.token}` }],
    ]
    const html = await (await fetch(`${cluster.base}/`)).text()
    const asset = /(?:src|href)="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(asset, 'the web app names its script').toBeTruthy()
    reads.push([asset!, {}])
    for (const [url, headers] of reads) {
      const got = await fetch(`${cluster.base}${url}`, { headers })
      expect({ url, status: got.status }).toEqual({ url, status: 200 })
      // tRPC answers HEAD with 204 (no body to describe); the rest with the GET's 200.
      const head = await fetch(`${cluster.base}${url}`, { method: 'HEAD', headers })
      expect({ url, head: head.status }).toEqual({ url, head: url.startsWith('/trpc/') ? 204 : 200 })
    }

    const misrouted = await send(cluster.apps.read1.base, { method: 'POST', path: '/trpc/post.like', token: bob.token, ip: bob.ip, json: { id: photoId } })
    expect(misrouted.kind === 'http' && misrouted.status).toBe(421)
    expect(JSON.stringify(misrouted.kind === 'http' ? misrouted.body : null)).toMatch(/write/i)
  })
})

describe('faults', () => {
  it('a read process killed: reads keep succeeding through the other, and it rejoins when restarted', async () => {
    const { bob } = people
    await cluster.apps.read1.kill()
    const answers = await Promise.all(Array.from({ length: 20 }, () => get<Page<PostOut>>(cluster.base, bob, 'feed.home', { mode: 'latest', limit: 5 }).then(() => 'ok', (e: Error) => e.message)))
    expect(answers.filter((a) => a !== 'ok')).toEqual([])
    await cluster.apps.read1.start()
    expect(await feedIds(cluster.apps.read1.base, bob, 10)).toEqual([...accepted.posts].reverse())
  })

  it('the replica stopped: reads move to the primary (a new post is found at once), then back to the replica when it returns', async () => {
    const { alice, carol } = people
    const reader = cluster.apps.read2
    await eventually(async () => expect(replicaHealth(await reader.metrics())).toBe('healthy'))
    await cluster.replica.stop()
    const profiles = await Promise.all(Array.from({ length: 10 }, () => get(cluster.base, carol, 'user.byUsername', { username: alice.username }).then(() => 'ok', (e: Error) => e.message)))
    expect(profiles.filter((a) => a !== 'ok'), 'profile reads just after the replica stopped').toEqual([])
    const during = await upload(cluster.base, alice, 'posted while the replica is down #outage')
    accepted.posts.push(during.id)
    await eventually(async () => expect(replicaHealth(await reader.metrics())).toBe('unhealthy'))
    const found = await eventually(() => get<Page<PostOut>>(cluster.base, carol, 'search.posts', { q: 'outage' }))
    expect(found.items.map((p) => p.id)).toEqual([during.id])
    await eventually(async () => expect((await get<{ counts: { posts: number } }>(cluster.base, carol, 'user.byUsername', { username: alice.username })).counts.posts).toBe(accepted.posts.length))

    await cluster.replica.start()
    await eventually(async () => expect(replicaHealth(await reader.metrics())).toBe('healthy'), 30_000)
    const after = await upload(cluster.base, alice, 'posted after the replica is back #returned')
    accepted.posts.push(after.id)
    await eventually(async () => expect((await get<Page<PostOut>>(cluster.base, carol, 'search.posts', { q: 'returned' })).items.map((p) => p.id)).toEqual([after.id]))
  })

  it('a Redis master killed: the cluster fails over, feeds answer throughout and no accepted post or like is lost', async () => {
    const { alice, bob, carol } = people
    const traffic = new Traffic(cluster.base, [bob, carol], alice)
    await sleep(1000)
    const killed = await cluster.redis.killMaster()
    await sleep(2000)
    await traffic.stop()
    const refusedWrites = traffic.writes.filter((w) => !w.answer.startsWith('2'))
    console.log(`Redis failover (master ${killed.port}): ${traffic.reads.length} feed reads, ${traffic.accepted.posts.length} posts and ${traffic.accepted.likes.length} likes accepted, ${refusedWrites.length} write answers refused: ${JSON.stringify(refusedWrites.slice(0, 5))}`)
    expect(traffic.reads.length, 'feed reads during the failover').toBeGreaterThan(10)
    expect(traffic.failedReads, `feed reads refused while master ${killed.port} failed over`).toEqual([])
    expect(traffic.accepted.posts.length, 'posts accepted during the failover').toBeGreaterThan(0)
    accepted.posts.push(...traffic.accepted.posts)
    accepted.likes.push(...traffic.accepted.likes)

    // Everything accepted, before and during, is in Postgres and reaches the followers' feeds.
    const sql = postgres(cluster.pg.url, { max: 1, onnotice: () => {} })
    try {
      const posts = await sql<{ id: string }[]>`select id from posts where id = any(${accepted.posts}::uuid[])`
      expect(posts.length).toBe(accepted.posts.length)
      for (const like of accepted.likes) {
        const [row] = await sql<{ n: number }[]>`select count(*)::int as n from likes where user_id = ${like.by.id} and post_id = ${like.postId}`
        expect(row?.n, `like of ${like.postId} by ${like.by.username}`).toBe(1)
      }
    } finally {
      await sql.end()
    }
    const newestFirst = [...accepted.posts].reverse()
    for (const reader of [bob, carol]) {
      await eventually(async () => expect(await feedIds(cluster.base, reader, 20)).toEqual(newestFirst), 30_000).catch(async (err: Error) => {
        const seen = new Set(await feedIds(cluster.base, reader, 20))
        const where = await whereInRedis(cluster.redis.nodes, cluster.env.REDIS_KEY_PREFIX ?? 'mosaic:', reader, alice.id, newestFirst.filter((id) => !seen.has(id)))
        throw new Error(`${err.message}\nafter the failover of master ${killed.port}: ${JSON.stringify(where)}`)
      })
    }
    const likedDuring = traffic.accepted.posts[0]!
    await eventually(async () => expect((await get<PostOut>(cluster.base, bob, 'post.byId', { id: likedDuring })).likeCount).toBe(traffic.accepted.likes.filter((l) => l.postId === likedDuring).length))
  })
})

/** What a process's /metrics says of its replica: `mosaic_replica_healthy` is 1 while it is used. */
function replicaHealth(metrics: string): 'healthy' | 'unhealthy' | 'missing' {
  const values = [...metrics.matchAll(/^mosaic_replica_healthy(?:\{[^}]*\})? (\S+)$/gm)].map((m) => Number(m[1]))
  if (values.length === 0) return 'missing'
  return values.every((v) => v === 1) ? 'healthy' : 'unhealthy'
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
