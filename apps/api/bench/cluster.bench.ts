// pnpm bench:cluster — the capacity model's figures, measured on the cluster topology the cluster
// test runs (apps/api/cluster/topology.ts: HAProxy, 2 read + 1 write + 1 worker processes from the
// production build, Postgres primary + replica, a six-node Redis Cluster): feed reads/s and
// uploads/s through the balancer, per process and per core (CPU seconds the app processes spent),
// Redis bytes per timeline entry and per cached post (MEMORY USAGE over a sample), Postgres bytes
// per post and per photo, blob bytes per uploaded photo. Writes bench/results/cluster.json, then
// rewrites the README's capacity table from it (bench/capacity.ts). Not part of the tests.
// BENCH_SECONDS (20) sets each load's length; BENCH_USERS / BENCH_POSTS / BENCH_READERS the dataset.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { Cluster } from 'ioredis'
import postgres from 'postgres'
import { UNPRIVILEGED } from '../cluster/processes.ts'
import { Topology } from '../cluster/topology.ts'
import { blobBytes, cpuSeconds, insertSessions, photoLike, uniqueJpeg } from './cluster.measure.ts'
import { writeCapacityTable, type ClusterResult } from './capacity.ts'

const env = process.env
const SECONDS = Number(env.BENCH_SECONDS ?? 20)
const USERS = Number(env.BENCH_USERS ?? 2000)
const POSTS = Number(env.BENCH_POSTS ?? 20_000)
const READERS = Number(env.BENCH_READERS ?? 500)
const UPLOADERS = Number(env.BENCH_UPLOADERS ?? 8)
const root = path.resolve(import.meta.dirname, '../../..')
const resultFile = path.join(import.meta.dirname, 'results/cluster.json')
const log = (m: string) => console.log(m)

async function main() {
  log('starting the cluster (production build, Postgres primary + replica, Redis Cluster, 4 app processes, HAProxy)…')
  const topo = await Topology.start({ prefix: 'mosaic-bench-cluster', path: env.PATH ?? '/usr/bin:/bin', keep: env.BENCH_KEEP === '1' })
  try {
    log(`seeding ${USERS.toLocaleString()} users and ${POSTS.toLocaleString()} posts…`)
    // The workspace's CLI over the cluster's engines (the production folder holds no fixtures to seed from).
    execFileSync(process.execPath, [path.join(root, 'apps/api/dist/cli.js'), 'seed', '--users', String(USERS), '--posts', String(POSTS), '--readers', String(READERS)], {
      env: { ...env, ...topo.env, LOG_LEVEL: 'warn' },
      stdio: 'inherit',
      // As the app processes run: the blobs it writes under DATA_DIR must stay theirs.
      ...(process.getuid?.() === 0 ? UNPRIVILEGED : {}),
    })
    const sql = postgres(topo.pg.url, { max: 4, onnotice: () => {} })
    const readers = (await sql<{ id: string }[]>`select id from users where following_count > 0 order by md5(id::text) limit ${READERS}`).map((r) => r.id)
    const tokens = await insertSessions(sql, readers)
    const uploader = (await insertSessions(sql, [readers[0]!]))[0]!
    const apps = topo.apps
    const readProcs = [apps.read1, apps.read2]

    // Feed: page 1 of `latest` for a random reader per request, all through the balancer.
    const feedPath = `/trpc/feed.home?input=${encodeURIComponent(JSON.stringify({ mode: 'latest', limit: 20 }))}`
    const feedLoad = (seconds: number) =>
      new Promise<autocannon.Result>((resolve, reject) =>
        autocannon(
          {
            url: topo.base,
            connections: 32,
            duration: seconds,
            requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', path: feedPath, headers: { authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)]!}` } }) }],
          },
          (err, r) => (err ? reject(err) : resolve(r)),
        ),
      )
    // Every reader's first visit builds their timeline from Postgres: done once before measuring, as
    // for the active users of a day, then a short load warms the post cache.
    log(`warming ${tokens.length} readers' timelines and the post cache…`)
    let next = 0
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < tokens.length) await (await fetch(topo.base + feedPath, { headers: { authorization: `Bearer ${tokens[next++]!}` } })).arrayBuffer()
      }),
    )
    await feedLoad(Math.max(3, Math.round(SECONDS / 4)))
    const cpu0 = cpuSeconds(readProcs)
    const feed = await feedLoad(SECONDS)
    const feedCpu = cpuSeconds(readProcs) - cpu0
    const feedOk = feed.requests.total - feed.non2xx - feed.errors
    log(`  feed: ${(feedOk / SECONDS).toFixed(0)} reads/s (p50 ${feed.latency.p50} ms, p99 ${feed.latency.p99} ms, non-2xx ${feed.non2xx}, errors ${feed.errors}); read processes used ${feedCpu.toFixed(1)} CPU s`)

    // Likes (the commonest write): a random reader likes a random public post.
    const postIds = (await sql<{ id: string }[]>`select p.id from posts p join users u on u.id = p.author_id where not u.is_private order by md5(p.id::text) limit 5000`).map((r) => r.id)
    const likeCpu0 = cpuSeconds([apps.write1, apps.worker])
    const likes = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(
        {
          url: topo.base,
          connections: 16,
          duration: SECONDS,
          requests: [
            {
              setupRequest: (req) => ({
                ...req,
                method: 'POST',
                path: '/trpc/post.like',
                headers: { authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)]!}`, 'content-type': 'application/json' },
                body: JSON.stringify({ id: postIds[Math.floor(Math.random() * postIds.length)]! }),
              }),
            },
          ],
        },
        (err, r) => (err ? reject(err) : resolve(r)),
      ),
    )
    const likeCpu = cpuSeconds([apps.write1, apps.worker]) - likeCpu0
    const likesOk = likes.requests.total - likes.non2xx - likes.errors
    log(`  likes: ${(likesOk / SECONDS).toFixed(0)}/s (p50 ${likes.latency.p50} ms, p99 ${likes.latency.p99} ms, non-2xx ${likes.non2xx}, errors ${likes.errors}); write + worker used ${likeCpu.toFixed(1)} CPU s`)

    // Uploads: a photo-like JPEG of about 200 KB, made unique per upload (no dedup), by UPLOADERS clients at once.
    const photo = await photoLike()
    const blobs0 = blobBytes(topo.dataDir)
    const write0 = cpuSeconds([apps.write1])
    const worker0 = cpuSeconds([apps.worker])
    let uploaded = 0
    let refused = 0
    let n = 0
    const until = Date.now() + SECONDS * 1000
    await Promise.all(
      Array.from({ length: UPLOADERS }, async () => {
        while (Date.now() < until) {
          const form = new FormData()
          form.append('caption', `bench upload ${n} #capacity`)
          form.append('files', new File([new Uint8Array(uniqueJpeg(photo, n++))], 'photo.jpg', { type: 'image/jpeg' }))
          const res = await fetch(`${topo.base}/trpc/post.create`, { method: 'POST', body: form, headers: { authorization: `Bearer ${uploader}` } })
          const body = await res.text()
          if (res.ok) uploaded++
          else if (refused++ === 0) log(`  first refused upload: ${res.status} ${body.slice(0, 300)}`)
        }
      }),
    )
    const uploadCpu = { write: cpuSeconds([apps.write1]) - write0, worker: cpuSeconds([apps.worker]) - worker0 }
    const blobs = blobBytes(topo.dataDir) - blobs0
    log(`  uploads: ${(uploaded / SECONDS).toFixed(1)}/s (${refused} refused); write process used ${uploadCpu.write.toFixed(1)} CPU s, worker ${uploadCpu.worker.toFixed(1)}; ${(blobs / Math.max(1, uploaded) / 1024).toFixed(0)} KB stored per ${(photo.length / 1024).toFixed(0)} KB photo`)

    const redis = await redisSample(topo)
    const pg = await postgresSizes(sql)
    await sql.end()

    const result: ClusterResult = {
      measuredAt: new Date().toISOString(),
      machine: { cores: availableParallelism(), note: env.BENCH_NOTE ?? 'shared, noisy machine' },
      seconds: SECONDS,
      dataset: { users: USERS, posts: POSTS, readers: READERS },
      feed: {
        readsPerSecond: round(feedOk / SECONDS),
        readProcesses: readProcs.length,
        perProcess: round(feedOk / SECONDS / readProcs.length),
        perCore: round(feedOk / Math.max(0.001, feedCpu)),
        p50Ms: feed.latency.p50,
        p99Ms: feed.latency.p99,
        non2xx: feed.non2xx + feed.errors,
      },
      likes: {
        perSecond: round(likesOk / SECONDS),
        writeProcesses: 1,
        perProcess: round(likesOk / SECONDS),
        perCore: round(likesOk / Math.max(0.001, likeCpu)),
        non2xx: likes.non2xx + likes.errors,
      },
      uploads: {
        photoBytes: photo.length,
        perSecond: round(uploaded / SECONDS, 2),
        writeProcesses: 1,
        perProcess: round(uploaded / SECONDS, 2),
        perCore: round(uploaded / Math.max(0.001, uploadCpu.write + uploadCpu.worker), 2),
        refused,
        storedBytesPerPhoto: Math.round(blobs / Math.max(1, uploaded)),
      },
      redis,
      postgres: pg,
    }
    mkdirSync(path.dirname(resultFile), { recursive: true })
    writeFileSync(resultFile, JSON.stringify(result, null, 2) + '\n')
    log(`wrote ${path.relative(root, resultFile)}`)
    writeCapacityTable(JSON.parse(readFileSync(resultFile, 'utf8')) as ClusterResult)
    log('README capacity table rewritten from it')
  } finally {
    await topo.stop()
  }
}

/** MEMORY USAGE over a sample of timelines (bytes per entry) and of cached posts (bytes per post, counts included). */
async function redisSample(topo: Topology) {
  const prefix = topo.env.REDIS_KEY_PREFIX ?? 'mosaic:'
  const redis = new Cluster(topo.redis.nodes.split(',').map((hp) => ({ host: hp.split(':')[0]!, port: Number(hp.split(':')[1]) })))
  try {
    // The client learns the cluster's masters once connected; before that, nodes('master') is empty.
    await new Promise((resolve) => redis.once('ready', resolve))
    const scan = async (match: string, max: number) => {
      const found: string[] = []
      for (const node of redis.nodes('master')) {
        let cursor = '0'
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000)
          cursor = next
          found.push(...keys)
        } while (cursor !== '0' && found.length < max)
      }
      return found.slice(0, max)
    }
    // Timelines past 128 entries leave Redis's compact listpack for a skiplist, the shape of a full
    // one (FEED_TIMELINE_MAX 800): those are measured when the sample has any, else every timeline.
    const sampled: { count: number; bytes: number; encoding: string }[] = []
    for (const key of await scan(`${prefix}{u:*}:tl`, 500)) {
      const count = await redis.zcard(key)
      if (count > 0) sampled.push({ count, bytes: Number(await redis.memory('USAGE', key, 'SAMPLES', '0')), encoding: String(await redis.object('ENCODING', key)) })
    }
    const big = sampled.filter((t) => t.encoding === 'skiplist')
    const timelines = big.length > 0 ? big : sampled
    const entries = timelines.reduce((n, t) => n + t.count, 0)
    const timelineBytes = timelines.reduce((n, t) => n + t.bytes, 0)
    let posts = 0
    let postBytes = 0
    for (const key of await scan(`${prefix}{p:*}`, 500)) {
      if (key.endsWith(':n')) continue
      posts++
      postBytes += Number(await redis.memory('USAGE', key, 'SAMPLES', '0')) + Number((await redis.memory('USAGE', `${key}:n`, 'SAMPLES', '0')) ?? 0)
    }
    return {
      timelinesSampled: timelines.length,
      timelineEncoding: big.length > 0 ? 'skiplist' : 'listpack',
      entriesPerSampledTimeline: Math.round(entries / Math.max(1, timelines.length)),
      bytesPerTimelineEntry: round(timelineBytes / Math.max(1, entries), 1),
      postsSampled: posts,
      bytesPerCachedPost: Math.round(postBytes / Math.max(1, posts)),
    }
  } finally {
    redis.disconnect()
  }
}

/**
 * Bytes per row of the tables that grow with posts and photos, indexes and TOAST included
 * (pg_total_relation_size over the rows). A table with few rows (media: the seed reuses a pool of
 * photos) is mostly empty pages, so its rows are sized by pg_column_size and scaled by the posts
 * table's ratio of total size to row data (indexes, headers, free space).
 */
async function postgresSizes(sql: postgres.Sql) {
  const measure = async (table: string) => {
    const [row] = await sql<{ bytes: number; rows: number; data: number }[]>`select pg_total_relation_size(${table}::regclass)::float8 as bytes, count(*)::float8 as rows, coalesce(sum(pg_column_size(t.*)), 0)::float8 as data from ${sql(table)} t`
    return row!
  }
  const names = ['posts', 'media', 'post_media', 'post_tags', 'likes', 'comments', 'follows', 'users'] as const
  const raw = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await measure(n)] as const))) as Record<(typeof names)[number], { bytes: number; rows: number; data: number }>
  const overhead = raw.posts.bytes / Math.max(1, raw.posts.data)
  const tables = Object.fromEntries(
    names.map((n) => {
      const t = raw[n]
      const estimated = t.rows < 1000
      return [n, { rows: t.rows, bytesPerRow: Math.round(estimated ? (t.data / Math.max(1, t.rows)) * overhead : t.bytes / Math.max(1, t.rows)), estimated }]
    }),
  ) as Record<(typeof names)[number], { rows: number; bytesPerRow: number; estimated: boolean }>
  // What each post adds: its row, its photos (a media row and a link each) and its tags.
  const photosPerPost = tables.post_media.rows / Math.max(1, tables.posts.rows)
  const tagsPerPost = tables.post_tags.rows / Math.max(1, tables.posts.rows)
  const bytesPerPost = tables.posts.bytesPerRow + photosPerPost * (tables.media.bytesPerRow + tables.post_media.bytesPerRow) + tagsPerPost * tables.post_tags.bytesPerRow
  return { tables, bytesPerPost: Math.round(bytesPerPost), photosPerPost: round(photosPerPost, 2) }
}

const round = (v: number, digits = 0) => Math.round(v * 10 ** digits) / 10 ** digits

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
