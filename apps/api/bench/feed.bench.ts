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
import { startFloor } from './floor.ts'
import { startApi, stopApi } from './server.ts'

const root = path.resolve(import.meta.dirname, '../../..')
const env = process.env
const USERS = Number(env.BENCH_USERS ?? 100_000)
const POSTS = Number(env.BENCH_POSTS ?? 1_000_000)
const READERS = Number(env.BENCH_READERS ?? 10_000)
const DURATION = Number(env.BENCH_DURATION ?? 30)
const ADMIN_URL = env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB_NAME = env.BENCH_DB ?? 'mosaic_bench'
const DB_URL = new URL(ADMIN_URL)
DB_URL.pathname = `/${DB_NAME}`
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
const PREFIX = 'bench:'
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

/** The readers whose timelines the seed built (as if they were the active users of the day). */
async function builtReaders(): Promise<string[]> {
  const redis = new Redis(REDIS_URL)
  const ids: string[] = []
  let cursor = '0'
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${PREFIX}{u:*}:tlb`, 'COUNT', 5000)
    cursor = next
    for (const k of found) ids.push(k.slice(`${PREFIX}{u:`.length, -'}:tlb'.length))
  } while (cursor !== '0')
  await redis.quit()
  return ids
}

/** Sessions for a pool of readers, inserted directly (a bench need not pay argon2 per user). */
async function sessions() {
  const db = postgres(DB_URL.toString(), { max: 2, onnotice: () => {} })
  // Keep only readers of this database (the key space may hold another dataset's timelines).
  const scanned = await builtReaders()
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

/** Page-2 cursors for a sample of readers, so the load reads pages 1 and 2. */
async function cursors(base: string, tokens: { token: string }[], mode: string) {
  const out: { token: string; cursor: string }[] = []
  for (const t of tokens.slice(0, 1500)) {
    const res = await fetch(base + feedUrl(mode), { headers: { authorization: `Bearer ${t.token}` } })
    const body = (await res.json()) as { result?: { data: { nextCursor: string | null } } }
    if (body.result?.data.nextCursor) out.push({ token: t.token, cursor: body.result.data.nextCursor })
  }
  return out
}

type Result = { p50: number; p99: number; rps: number; errors: number; non2xx: number }

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
      (err, r) => (err ? reject(err) : resolve({ p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors, non2xx: r.non2xx })),
    )
  })
}

async function measure(label: string, base: string, tokens: { token: string }[], modes: string[]) {
  const out: Record<string, { steady: Result; max: Result }> = {}
  for (const mode of modes) {
    const page2 = await cursors(base, tokens, mode)
    await load(base, mode, tokens, page2, { connections: 10, rate: 200 }).catch(() => null) // warm caches
    const steady = await load(base, mode, tokens, page2, { connections: 10, rate: 500 })
    const max = await load(base, mode, tokens, page2, { connections: 50 })
    out[mode] = { steady, max }
    log(`  ${label} ${mode}: p50 ${steady.p50} ms, p99 ${steady.p99} ms @500 rps; max ${max.rps.toFixed(0)} rps (errors ${steady.errors + max.errors}, non-2xx ${steady.non2xx + max.non2xx})`)
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
  const results: Record<string, Record<string, { steady: Result; max: Result }>> = {}

  log('\nfeed.home with Redis (timelines + post cache)')
  const withRedis = await startApi(3801, { ...baseEnv, REDIS_URL })
  results.redis = await measure('redis', 'http://127.0.0.1:3801', tokens, modes)
  log('\nfan-out to a ~10,000-follower author')
  const fan = await fanout('http://127.0.0.1:3801', celeb)
  log(`  ${fan.followers.toLocaleString()} timelines in ${fan.fromCommitMs} ms after commit (${fan.fromRequestMs} ms from the request), missed ${fan.missed}`)

  log('\nfloor: bare Node + the same Redis reads')
  const floor = await startFloor({ redisUrl: REDIS_URL, prefix: PREFIX, userByToken, port: 3803 })
  results.floor = await measure('floor', 'http://127.0.0.1:3803', tokens, modes)
  await floor.close()
  await stopApi(withRedis)

  log('\nfeed.home pulled from Postgres (no Redis)')
  const pull = await startApi(3802, { ...baseEnv, REDIS_URL: undefined })
  results.pull = await measure('pull', 'http://127.0.0.1:3802', tokens, modes)
  await stopApi(pull)

  const rows: string[][] = [['variant', 'mode', 'p50 ms @500/s', 'p99 ms @500/s', 'max req/s (50 conn)', 'p99 / floor p99', 'max / floor max']]
  for (const v of ['redis', 'pull', 'floor']) {
    for (const m of modes) {
      const r = results[v]![m]!
      const f = results.floor![m]!
      rows.push([v, m, String(r.steady.p50), String(r.steady.p99), r.max.rps.toFixed(0), (r.steady.p99 / Math.max(1, f.steady.p99)).toFixed(2), (r.max.rps / f.max.rps).toFixed(2)])
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  log('\nMosaic feed benchmark (' + `${USERS.toLocaleString()} users, ${POSTS.toLocaleString()} posts, ${READERS.toLocaleString()} readers, ${DURATION} s per run, 2 cores shared with the load generator)\n`)
  for (const r of rows) log('  ' + r.map((c, i) => c.padEnd(widths[i]!)).join('  '))
  log(`  fan-out to ${fan.followers.toLocaleString()} followers: ${fan.fromCommitMs} ms after commit`)
  log('\n' + JSON.stringify({ bench: 'feed', users: USERS, posts: POSTS, readers: READERS, durationSeconds: DURATION, results, fanout: fan }))
}

await main()
