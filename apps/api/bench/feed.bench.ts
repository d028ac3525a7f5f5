// pnpm bench:feed — feed.home over HTTP under load on real Postgres and Redis, against the Postgres
// pull path and a bare-Node floor, plus fan-out time. Not part of the tests. Seeds (or reuses)
// 100,000 users, 1,000,000 posts and ~10,000,000 follows; override with BENCH_USERS/BENCH_POSTS.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { Redis } from 'ioredis'
import { sha256Hex } from '@mosaic/util'
import { paths } from '../src/paths.ts'
import { builtReaders, dbTransactions, freshenCelebrities, rebuildTimes, redisMemory, resultRows, warmReaders, type Measured } from './feed.extras.ts'
import { onRedisCluster } from './feed.cluster.ts'
import { startFloorProcess } from './floor.ts'
import { startApi, stopApi } from './server.ts'

const root = path.resolve(import.meta.dirname, '../../..')
const env = process.env
const USERS = Number(env.BENCH_USERS ?? 100_000)
const POSTS = Number(env.BENCH_POSTS ?? 1_000_000)
const READERS = Number(env.BENCH_READERS ?? 10_000)
// The cluster's readers have their timelines built by its worker before the loads: a sample.
const CLUSTER_READERS = Number(env.BENCH_CLUSTER_READERS ?? 2000)
const DURATION = Number(env.BENCH_DURATION ?? 30)
const ADMIN_URL = env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB_NAME = env.BENCH_DB ?? 'mosaic_bench'
const DB_URL = new URL(ADMIN_URL)
DB_URL.pathname = `/${DB_NAME}`
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
const PREFIX = env.BENCH_PREFIX ?? 'bench:'
const baseEnv = { ...env, DATABASE_URL: DB_URL.toString(), DATA_DIR: path.join(root, 'bench-data'), LOG_LEVEL: 'warn', REDIS_KEY_PREFIX: PREFIX, MALLOC_ARENA_MAX: '2', DATABASE_POOL_SIZE: '20' }

const log = (m: string) => console.log(m)

async function ensureDataset() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  const exists = (await admin`select 1 from pg_database where datname = ${DB_NAME}`).length > 0
  let reuse = false
  if (exists) {
    const db = postgres(DB_URL.toString(), { max: 1, onnotice: () => {} })
    const [r] = await db`select (select count(*) from users)::int as users, (select count(*) from posts)::int as posts, (select count(*) from follows)::int as follows`.catch(() => [null])
    await db.end()
    reuse = !!r && r.users >= USERS && r.posts >= POSTS
    if (reuse) log(`reusing ${DB_NAME}: ${r!.users.toLocaleString()} users, ${r!.posts.toLocaleString()} posts, ${r!.follows.toLocaleString()} follows`)
  }
  if (!reuse) {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`)
    await admin.unsafe(`create database ${DB_NAME}`)
    await new Redis(REDIS_URL).eval(`for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end`, 0, `${PREFIX}*`).catch(() => {})
    log(`seeding ${DB_NAME} (${USERS.toLocaleString()} users, ${POSTS.toLocaleString()} posts)…`)
    execFileSync(process.execPath, [path.join(root, 'apps/api/dist/cli.js'), 'seed', '--users', String(USERS), '--posts', String(POSTS), '--readers', String(READERS)], {
      env: { ...baseEnv, REDIS_URL },
      stdio: 'inherit',
    })
  }
  await admin.end()
}

/** Sessions for a pool of readers, inserted directly (a bench need not pay argon2 per user). */
async function sessions() {
  const db = postgres(DB_URL.toString(), { max: 2, onnotice: () => {} })
  // Keep only readers of this database (the key space may hold another dataset's timelines).
  const scanned = await builtReaders(REDIS_URL, PREFIX)
  const built = scanned.length ? (await db<{ id: string }[]>`select id from users where id = any(${scanned}::uuid[])`).map((r) => r.id) : []
  const readers = built.length >= READERS / 2 ? built.slice(0, READERS).map((id) => ({ id })) : await db<{ id: string }[]>`select id from users where following_count > 0 order by md5(id::text) limit ${READERS}`
  log(`${readers.length.toLocaleString()} readers (${built.length.toLocaleString()} with timelines already in Redis)`)
  const tokens = readers.map((r) => ({ userId: r.id, token: randomBytes(32).toString('base64url') }))
  await db`delete from sessions where user_agent = 'bench'`
  for (let i = 0; i < tokens.length; i += 1000) {
    const batch = tokens.slice(i, i + 1000).map((t) => ({ user_id: t.userId, token_hash: sha256Hex(t.token), user_agent: 'bench', expires_at: new Date(Date.now() + 86400e3), id: crypto.randomUUID() }))
    await db`insert into sessions ${db(batch)}`
  }
  const [celeb] = await db<{ id: string; username: string; follower_count: number }[]>`select id, username, follower_count from users where follower_count <= 10000 order by follower_count desc limit 1`
  await db.end()
  return { tokens, celeb: celeb! }
}

const feedUrl = (mode: string, cursor?: string) => `/trpc/feed.home?input=${encodeURIComponent(JSON.stringify({ mode, limit: 20, ...(cursor ? { cursor } : {}) }))}`

/** Page-2 cursors for a sample of readers, each page 2 read once, so the load reads pages 1 and 2; and the pages' mean size. */
async function cursors(base: string, tokens: { token: string }[], mode: string) {
  const out: { token: string; cursor: string }[] = []
  let bytes = 0
  let pages = 0
  for (const t of tokens.slice(0, 1500)) {
    const res = await fetch(base + feedUrl(mode), { headers: { authorization: `Bearer ${t.token}` } })
    const text = await res.text()
    bytes += Buffer.byteLength(text)
    pages++
    const body = JSON.parse(text) as { result?: { data: { nextCursor: string | null } } }
    const cursor = body.result?.data.nextCursor
    if (!cursor) continue
    out.push({ token: t.token, cursor })
    // Read once, so its posts are cached as page 1's are (the floor's reads never miss).
    await (await fetch(base + feedUrl(mode, cursor), { headers: { authorization: `Bearer ${t.token}` } })).arrayBuffer()
  }
  return { page2: out, meanBytes: Math.round(bytes / Math.max(1, pages)) }
}

type Result = Measured['max']

function load(base: string, mode: string, tokens: { token: string }[], page2: { token: string; cursor: string }[], o: { connections: number; rate?: number }): Promise<Result> {
  let n = 0
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: o.connections,
        duration: DURATION,
        ...(o.rate ? { overallRate: o.rate } : {}),
        requests: [
          {
            setupRequest: (req) => {
              const second = page2.length > 0 && n++ % 2 === 1
              const pick = second ? page2[Math.floor(Math.random() * page2.length)]! : { token: tokens[Math.floor(Math.random() * tokens.length)]!.token, cursor: undefined }
              return { ...req, method: 'GET', path: feedUrl(mode, pick.cursor), headers: { authorization: `Bearer ${pick.token}` } }
            },
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve({ p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors, non2xx: r.non2xx, total: r.requests.total })),
    )
  })
}

/**
 * Max req/s (50 connections), then p99 at a steady rate: half the floor's max for that mode (the
 * floor measures its own max first), so every variant is compared at the same load. A run that
 * could not keep the rate is saturated.
 */
async function measure(label: string, base: string, tokens: { token: string }[], modes: string[], page2: Record<string, { token: string; cursor: string }[]>, floor?: Record<string, Measured>, warmed = false) {
  const out: Record<string, Measured> = {}
  for (const mode of modes) {
    if (!warmed) await load(base, mode, tokens, page2[mode]!, { connections: 10, rate: 200 }).catch(() => null) // warm caches
    const max = await load(base, mode, tokens, page2[mode]!, { connections: 50 })
    const steadyRate = Math.max(50, Math.round((floor?.[mode]?.max.rps ?? max.rps) / 2))
    const steady = await load(base, mode, tokens, page2[mode]!, { connections: 20, rate: steadyRate })
    const saturated = steady.rps < steadyRate * 0.95
    out[mode] = { steady, max, steadyRate, saturated }
    log(`  ${label} ${mode}: max ${max.rps.toFixed(0)} rps; p50 ${steady.p50} ms, p99 ${steady.p99} ms @${steadyRate} rps${saturated ? ` (saturated: ${steady.rps.toFixed(0)} rps)` : ''} (errors ${steady.errors + max.errors}, non-2xx ${steady.non2xx + max.non2xx})`)
  }
  return out
}

/**
 * `measure`, each mode's loads right after every reader read its first page again, as a reader
 * opening the app does: their rankings and cached lists are current (the floor's reads never miss),
 * and the page-2 cursors continue the rankings those first pages showed, as a client's next page does.
 * The first pages are read once more last (all warm then, rankings reused), so each reader's cached
 * session is as a steady reader's (renewed before it runs out), not all running out at once in a load.
 * `freshen` first makes the readers' short-lived caches afresh (feed.extras.ts freshenCelebrities). */
async function measureWarm(label: string, base: string, tokens: { token: string }[], modes: string[], floor: Record<string, Measured>, freshen?: (mode: string) => Promise<void>) {
  const out: Record<string, Measured> = {}
  for (const mode of modes) {
    await freshen?.(mode)
    await warmReaders(base, tokens, feedUrl(mode))
    const { page2 } = await cursors(base, tokens, mode)
    await warmReaders(base, tokens, feedUrl(mode)) // sessions as fresh as a steady reader's (see above)
    // Warmed just now: the loads start at once, within the three minutes a `top` ranking is reused.
    const before = await dbTransactions(DB_URL.toString())
    const m = (await measure(label, base, tokens, [mode], { [mode]: page2 }, floor, true))[mode]!
    m.dbTransactions = (await dbTransactions(DB_URL.toString())) - before
    out[mode] = m
    log(`  ${label} ${mode}: ${m.dbTransactions.toLocaleString()} Postgres transactions in the loads' ${(m.max.total + m.steady.total).toLocaleString()} pages`)
  }
  return out
}

async function fanout(base: string, celeb: { id: string; username: string; follower_count: number }) {
  const db = postgres(DB_URL.toString(), { max: 4, onnotice: () => {} })
  const redis = new Redis(REDIS_URL, { keyPrefix: PREFIX })
  const followers = (await db<{ id: string }[]>`select follower_id as id from follows where followee_id = ${celeb.id} and state = 'accepted'`).map((r) => r.id)
  // Fan-out writes only to timelines that exist: make every follower's exist, as if all were active.
  const missing: string[] = []
  for (let i = 0; i < followers.length; i += 1000) {
    const ex = await redis.pipeline(followers.slice(i, i + 1000).map((id) => ['exists', `{u:${id}}:tlb`])).exec()
    ex!.forEach(([, v], j) => !v && missing.push(followers[i + j]!))
  }
  const token = randomBytes(32).toString('base64url')
  await db`insert into sessions (id, user_id, token_hash, user_agent, expires_at) values (${crypto.randomUUID()}, ${celeb.id}, ${sha256Hex(token)}, 'bench', ${new Date(Date.now() + 3600e3)})`
  if (missing.length) {
    log(`  building ${missing.length.toLocaleString()} follower timelines first…`)
    let next = 0
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < missing.length) {
          const id = missing[next++]!
          const t = randomBytes(32).toString('base64url')
          await db`insert into sessions (id, user_id, token_hash, user_agent, expires_at) values (${crypto.randomUUID()}, ${id}, ${sha256Hex(t)}, 'bench', ${new Date(Date.now() + 3600e3)})`
          await fetch(base + feedUrl('latest'), { headers: { authorization: `Bearer ${t}` } })
        }
      }),
    )
    // Those reads asked the worker to build the timelines: wait until it has, before the post.
    for (let waited = 0; waited < 600; waited++) {
      let left = 0
      for (let i = 0; i < missing.length; i += 1000) {
        const ex = await redis.pipeline(missing.slice(i, i + 1000).map((id) => ['exists', `{u:${id}}:tlb`])).exec()
        left += ex!.filter(([, v]) => !v).length
      }
      if (left === 0) break
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  const form = new FormData()
  form.append('files', new Blob([randomBytes(8)]), 'x.bin') // refused: warm the route
  await fetch(`${base}/trpc/post.create`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } })
  const { readFileSync } = await import('node:fs')
  const photo = new FormData()
  photo.append('files', new Blob([readFileSync(path.join(paths.fixtures, 'hopper.gif'))]), 'hopper.gif')
  const t0 = performance.now()
  const res = await fetch(`${base}/trpc/post.create`, { method: 'POST', body: photo, headers: { authorization: `Bearer ${token}` } })
  const post = ((await res.json()) as { result: { data: { id: string } } }).result.data
  const committed = performance.now()
  let remaining = followers
  while (remaining.length > 0 && performance.now() - committed < 60_000) {
    const next: string[] = []
    for (let i = 0; i < remaining.length; i += 2000) {
      const chunk = remaining.slice(i, i + 2000)
      const scores = await redis.pipeline(chunk.map((id) => ['zscore', `{u:${id}}:tl`, post.id])).exec()
      scores!.forEach(([, s], j) => s === null && next.push(chunk[j]!))
    }
    remaining = next
    if (remaining.length) await new Promise((r) => setTimeout(r, 10))
  }
  const done = performance.now()
  await db.end()
  await redis.quit()
  return { followers: followers.length, fromCommitMs: Math.round(done - committed), fromRequestMs: Math.round(done - t0), missed: remaining.length }
}

async function main() {
  execFileSync('pnpm', ['--filter', '@mosaic/api', 'build'], { cwd: root, stdio: 'ignore' })
  await ensureDataset()
  const { tokens, celeb } = await sessions()
  const userByToken = new Map(tokens.map((t) => [t.token, t.userId]))
  const modes = ['top', 'latest']
  const results: Record<string, Record<string, Measured>> = {}

  const withRedis = await startApi(3801, { ...baseEnv, REDIS_URL }, env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench-data/profiles')}`] : [])
  // Mosaic's page-2 cursors (both servers are loaded with pages 1 and 2) and its mean page size,
  // which the floor pads its pages to; every reader's first page is read once first (warmReaders).
  const page2: Record<string, { token: string; cursor: string }[]> = {}
  let pageBytes = 0
  for (const mode of modes) {
    await warmReaders('http://127.0.0.1:3801', tokens, feedUrl(mode))
    const c = await cursors('http://127.0.0.1:3801', tokens, mode)
    page2[mode] = c.page2
    pageBytes = Math.max(pageBytes, c.meanBytes)
  }
  log(`\nMosaic's pages: ${pageBytes.toLocaleString()} bytes on average (the floor's are padded to that)`)

  log('\nfloor: bare Node, the same Redis reads in two round trips, spliced')
  const floor = await startFloorProcess({ redisUrl: REDIS_URL, prefix: PREFIX, userByToken, port: 3803, pageBytes })
  results.floor = await measure('floor', 'http://127.0.0.1:3803', tokens, modes, page2)
  await floor.close()

  log('\nfeed.home with Redis (timelines + post cache)')
  results.redis = await measureWarm('redis', 'http://127.0.0.1:3801', tokens, modes, results.floor, (mode) => mode === 'latest' ? freshenCelebrities(REDIS_URL, PREFIX, tokens.map((t) => t.userId)) : Promise.resolve())
  log('\nfan-out to a ~10,000-follower author')
  const fan = await fanout('http://127.0.0.1:3801', celeb)
  log(`  ${fan.followers.toLocaleString()} timelines in ${fan.fromCommitMs} ms after commit (${fan.fromRequestMs} ms from the request), missed ${fan.missed}`)
  const rebuild = await rebuildTimes({ env: { ...baseEnv, REDIS_URL }, dbUrl: DB_URL.toString(), redisUrl: REDIS_URL, prefix: PREFIX }, tokens.slice(0, 200))
  log(`  timeline rebuild (worker job) for a returning reader: p50 ${rebuild.p50} ms, p99 ${rebuild.p99} ms over ${rebuild.n}`)
  const memory = await redisMemory(REDIS_URL, PREFIX)
  log(`  Redis: ${memory.perTimelineEntry.toFixed(1)} B per timeline entry, ${memory.perCachedPost.toFixed(0)} B per cached post (with its counts)`)
  await stopApi(withRedis)

  if (!env.BENCH_SKIP_CLUSTER) {
    const readers = tokens.slice(0, CLUSTER_READERS)
    log(`\nfeed.home on a six-node Redis Cluster (${readers.length.toLocaleString()} readers, their timelines built by its worker first)`)
    results.cluster = await onRedisCluster({ env: baseEnv, port: 3804, readers, firstPage: feedUrl('latest'), measure: (base) => measureWarm('cluster', base, readers, modes, results.floor!) })
  }

  if (!env.BENCH_SKIP_PULL) {
    log('\nfeed.home pulled from Postgres (no Redis)')
    const pull = await startApi(3802, { ...baseEnv, REDIS_URL: undefined })
    // Its own page-2 cursors: without Redis, `top`'s snapshots live in that process.
    const pullPage2: Record<string, { token: string; cursor: string }[]> = {}
    for (const mode of modes) pullPage2[mode] = (await cursors('http://127.0.0.1:3802', tokens, mode)).page2
    results.pull = await measure('pull', 'http://127.0.0.1:3802', tokens, modes, pullPage2, results.floor)
    await stopApi(pull)
  }

  const rows = resultRows(results, ['redis', 'cluster', 'pull', 'floor'], modes)
  log('\nMosaic feed benchmark (' + `${USERS.toLocaleString()} users, ${POSTS.toLocaleString()} posts, ${READERS.toLocaleString()} readers, ${DURATION} s per run, 2 cores shared with the load generator)\n`)
  for (const r of rows) log(`  ${r}`)
  log(`  fan-out to ${fan.followers.toLocaleString()} followers: ${fan.fromCommitMs} ms after commit`)
  log(`  timeline rebuild, off the request path: p50 ${rebuild.p50} ms, p99 ${rebuild.p99} ms; Redis ${memory.perTimelineEntry.toFixed(1)} B/timeline entry, ${memory.perCachedPost.toFixed(0)} B/cached post`)
  log('\n' + JSON.stringify({ bench: 'feed', users: USERS, posts: POSTS, readers: READERS, durationSeconds: DURATION, pageBytes, results, fanout: fan, rebuild, memory }))
}

await main()
