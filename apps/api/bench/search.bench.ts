// pnpm bench:search — search.users (typeahead), search.tags and search.posts over HTTP at a fixed
// rate, each beside its floor: the very SQL statements the server ran for the same inputs, replayed
// straight through postgres.js at the same rate and concurrency. explore.posts and tag.trending are
// measured too when the router has them. Not part of the tests. Seeds (or reuses) its own database,
// mosaic_bench_search: 100,000 users and 1,000,000 posts unless BENCH_USERS / BENCH_POSTS say otherwise.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { drizzle } from 'drizzle-orm/postgres-js'
import { explore, memoryAdapters, search, type Viewer } from '@mosaic/core'
import { schema, type Db } from '@mosaic/db'
import { sha256Hex } from '@mosaic/util'
import { LANGUAGES } from '../src/seed/vocabulary.ts'
import { seedWord, VOCABULARY } from '../src/seed/text.ts'
import { startApi, stopApi } from './server.ts'

const root = path.resolve(import.meta.dirname, '../../..')
const env = process.env
const USERS = Number(env.BENCH_USERS ?? 100_000)
const POSTS = Number(env.BENCH_POSTS ?? 1_000_000)
const DURATION = Number(env.BENCH_DURATION ?? 15)
const RATE = Number(env.BENCH_RATE ?? 100)
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 4)
const ADMIN_URL = env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB_NAME = env.BENCH_SEARCH_DB ?? 'mosaic_bench_search'
if (DB_NAME === 'mosaic_bench') throw new Error('mosaic_bench belongs to bench:feed; use another database')
const DB_URL = new URL(ADMIN_URL)
DB_URL.pathname = `/${DB_NAME}`
const PORT = 3811
const BASE = `http://127.0.0.1:${PORT}`
const baseEnv = { ...env, DATABASE_URL: DB_URL.toString(), DATA_DIR: path.join(root, 'bench-data-search'), LOG_LEVEL: 'warn', MALLOC_ARENA_MAX: '2', DATABASE_POOL_SIZE: '10', REDIS_URL: undefined }

const log = (m: string) => console.log(m)

async function ensureDataset() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  const exists = (await admin`select 1 from pg_database where datname = ${DB_NAME}`).length > 0
  let reuse = false
  if (exists) {
    const db = postgres(DB_URL.toString(), { max: 1, onnotice: () => {} })
    const [r] = await db`select (select count(*) from users)::int as users, (select count(*) from posts)::int as posts,
      (select count(*) from posts where search <> ''::tsvector)::int as documents`.catch(() => [null])
    await db.end()
    reuse = !!r && r.users >= USERS && r.posts >= POSTS && r.documents >= r.posts * 0.9
    if (reuse) log(`reusing ${DB_NAME}: ${r!.users.toLocaleString()} users, ${r!.posts.toLocaleString()} posts`)
  }
  if (!reuse) {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`)
    await admin.unsafe(`create database ${DB_NAME}`)
    log(`seeding ${DB_NAME} (${USERS.toLocaleString()} users, ${POSTS.toLocaleString()} posts)…`)
    execFileSync(process.execPath, [path.join(root, 'apps/api/dist/cli.js'), 'seed', '--users', String(USERS), '--posts', String(POSTS), '--readers', '1'], { env: baseEnv, stdio: 'inherit' })
  }
  await admin.end()
}

type Viewers = { token: string; viewer: Viewer }[]

/** Signed-in searchers: sessions inserted directly (a bench need not pay argon2 per user). */
async function viewers(pg: postgres.Sql): Promise<Viewers> {
  const people = await pg<{ id: string; username: string }[]>`select id, username from users order by md5(id::text) limit 500`
  await pg`delete from sessions where user_agent = 'bench-search'`
  const out = people.map((p) => ({ token: randomBytes(32).toString('base64url'), viewer: { id: p.id, username: p.username, sessionId: crypto.randomUUID() } }))
  await pg`insert into sessions ${pg(out.map((o) => ({ id: o.viewer.sessionId, user_id: o.viewer.id, token_hash: sha256Hex(o.token), user_agent: 'bench-search', expires_at: new Date(Date.now() + 86400e3) })))}`
  return out
}

type Call = { token: string; path: string; statements: { sql: string; params: unknown[] }[] }
type Kind = { name: string; proc: string; calls: Call[] }

const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!

/** Inputs for each kind of search, each recorded once through core to learn its exact SQL. */
async function kinds(pg: postgres.Sql, people: Viewers): Promise<Kind[]> {
  const recorded: { sql: string; params: unknown[] }[] = []
  const db: Db = drizzle({ client: pg, schema, casing: 'snake_case', logger: { logQuery: (q, p) => recorded.push({ sql: q, params: p }) } })
  const deps = { db, urls: { public: (k: string) => `/media/${k}`, signed: (k: string) => `/media/${k}?sig` }, clock: { now: () => new Date() } }
  const names = (await pg<{ display_name: string }[]>`select display_name from users order by md5(id::text) limit 400`).map((r) => r.display_name.toLowerCase())
  const record = async (run: (v: Viewer) => Promise<unknown>, proc: string, input: unknown): Promise<Call> => {
    const who = pick(people)
    recorded.length = 0
    await run(who.viewer)
    return { token: who.token, path: `/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, statements: [...recorded] }
  }
  const out: Kind[] = []
  for (const len of [1, 2, 3, 4]) {
    const calls: Call[] = []
    for (let i = 0; i < 100; i++) {
      // What people type: the start of someone's name (or, now and then, of a seeded username).
      const q = i % 10 === 0 ? 'user1'.slice(0, len) : pick(names).slice(0, len)
      calls.push(await record((v) => search.searchUsers(deps, v, { q, limit: 10 }), 'search.users', { q, limit: 10 }))
    }
    out.push({ name: `users, ${len} letter${len > 1 ? 's' : ''}`, proc: 'search.users', calls })
  }
  const tagCalls: Call[] = []
  for (const q of ['s', 'su', 'sun', 'tr', 'tra', 'ec', 'ecl', 'p', 'pl', 'pla', 'c', 'ci', 'cit', 'a', 'au', 'aut']) {
    tagCalls.push(await record(() => search.searchTags(deps, { q, limit: 10 }), 'search.tags', { q, limit: 10 }))
  }
  out.push({ name: 'tags, 1–3 letters', proc: 'search.tags', calls: tagCalls })
  // One or two of a language's most used words (two words people would write together).
  const commonCalls: Call[] = []
  for (let i = 0; i < 60; i++) {
    const words = pick(LANGUAGES).words.slice(0, 6)
    const q = i % 3 === 0 ? `${pick(words)} ${pick(words)}` : pick(words)
    commonCalls.push(await record((v) => search.searchPosts(deps, v, { q, limit: 24 }), 'search.posts', { q, limit: 24 }))
  }
  out.push({ name: 'posts, common words', proc: 'search.posts', calls: commonCalls })
  // The worst case: two words each in a large share of posts, almost never together.
  const apartCalls: Call[] = []
  for (let i = 0; i < 20; i++) {
    const [a, b] = [LANGUAGES[0]!, LANGUAGES[1 + (i % (LANGUAGES.length - 1))]!]
    const q = `${a.words[i % 3]} ${b.words[i % 3]}`
    apartCalls.push(await record((v) => search.searchPosts(deps, v, { q, limit: 24 }), 'search.posts', { q, limit: 24 }))
  }
  out.push({ name: 'posts, 2 common words apart', proc: 'search.posts', calls: apartCalls })
  const rareCalls: Call[] = []
  for (let i = 0; i < 60; i++) {
    const q = seedWord(5000 + Math.floor(Math.random() * (VOCABULARY - 5000)))
    rareCalls.push(await record((v) => search.searchPosts(deps, v, { q, limit: 24 }), 'search.posts', { q, limit: 24 }))
  }
  out.push({ name: 'posts, rare words', proc: 'search.posts', calls: rareCalls })
  const tagFilter: Call[] = []
  for (const q of ['#sunset', '#eclipse2026', '#travel amor', '#bw', '#vanlife']) {
    tagFilter.push(await record((v) => search.searchPosts(deps, v, { q, limit: 24 }), 'search.posts', { q, limit: 24 }))
  }
  out.push({ name: 'posts, #tag filter', proc: 'search.posts', calls: tagFilter })
  return out
}


/** explore.posts as each viewer's second visit runs it: the statements recorded through core. */
async function exploreCalls(pg: postgres.Sql, people: Viewers): Promise<Call[]> {
  const recorded: { sql: string; params: unknown[] }[] = []
  const db: Db = drizzle({ client: pg, schema, casing: 'snake_case', logger: { logQuery: (q, p) => recorded.push({ sql: q, params: p }) } })
  const deps = {
    db,
    urls: { public: (k: string) => `/media/${k}`, signed: (k: string) => `/media/${k}?sig` },
    snapshots: memoryAdapters.createMemorySnapshots(),
    exploreSet: memoryAdapters.createMemoryExploreSet(),
    discovery: { exploreRefreshSeconds: 300, trendingWindowSeconds: 21_600, trendingRefreshSeconds: 60 },
    clock: { now: () => new Date() },
  }
  const calls: Call[] = []
  for (const p of people) {
    await explore.explorePosts(deps, p.viewer, { limit: 24 })
    recorded.length = 0
    await explore.explorePosts(deps, p.viewer, { limit: 24 })
    calls.push({ token: p.token, path: `/trpc/explore.posts?input=${encodeURIComponent('{}')}`, statements: [...recorded] })
  }
  return calls
}

type Result = { p50: number; p99: number; rps: number; errors: number }

function http(calls: { token: string | null; path: string }[], duration = DURATION): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: BASE,
        connections: CONNECTIONS,
        duration,
        overallRate: RATE,
        requests: [
          {
            setupRequest: (req) => {
              const c = pick(calls)
              return { ...req, method: 'GET', path: c.path, headers: c.token ? { authorization: `Bearer ${c.token}` } : {} }
            },
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve({ p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.non2xx })),
    )
  })
}

/** The floor: each call's statements straight through postgres.js (the first, then the rest at once, as core runs them), same rate and concurrency. */
async function floor(pg: postgres.Sql, calls: Call[]): Promise<Result> {
  const latencies: number[] = []
  let errors = 0
  let inFlight = 0
  const run = async (c: Call) => {
    const t0 = performance.now()
    try {
      const [first, ...rest] = c.statements
      if (first) await pg.unsafe(first.sql, first.params as never[], { prepare: true })
      await Promise.all(rest.map((s) => pg.unsafe(s.sql, s.params as never[], { prepare: true })))
    } catch {
      errors++
    }
    latencies.push(performance.now() - t0)
  }
  const started = performance.now()
  let sent = 0
  const pending: Promise<void>[] = []
  while (performance.now() - started < DURATION * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE)
    while (sent < due && inFlight < CONNECTIONS) {
      sent++
      inFlight++
      pending.push(run(pick(calls)).finally(() => inFlight--))
    }
    await new Promise((r) => setTimeout(r, 1))
  }
  await Promise.all(pending)
  latencies.sort((a, b) => a - b)
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / DURATION, errors }
}

async function plans(pg: postgres.Sql, list: Kind[]) {
  log('\nquery plans (first statement of one call of each kind; index use):')
  for (const k of list) {
    // The statement that does the searching (not the tag lookup or the estimate before it).
    const list = k.calls[0]!.statements
    const s = list.find((x) => /with c as/.test(x.sql)) ?? list.find((x) => !/^explain/i.test(x.sql))!
    const plan = await pg.unsafe(`explain (analyze, costs off, timing off, summary on) ${s.sql}`, s.params as never[])
    const lines = plan.map((r) => String(r['QUERY PLAN'])).filter((l) => /Scan|Execution Time|Limit/.test(l))
    log(`  ${k.name}: ${lines.map((l) => l.trim().replace(/\s+/g, ' ')).join(' | ')}`)
  }
}

async function main() {
  execFileSync('pnpm', ['--filter', '@mosaic/api', 'build'], { cwd: root, stdio: 'ignore' })
  await ensureDataset()
  // The same pool size as the server's (DATABASE_POOL_SIZE below), so the floor queues no more than it does.
  const pg = postgres(DB_URL.toString(), { max: 10, onnotice: () => {}, prepare: true })
  await pg`analyze`
  const people = await viewers(pg)
  const list = await kinds(pg, people)
  const server = await startApi(PORT, baseEnv)
  const rows: string[][] = [['what', 'p50 ms', 'p99 ms', 'floor p50', 'floor p99', 'p99 / floor p99', 'errors']]
  const results: Record<string, { http: Result; floor: Result | null }> = {}
  for (const k of list) {
    await http(k.calls, 3) // warm: plans cached, pages in memory
    const h = await http(k.calls)
    const f = await floor(pg, k.calls)
    results[k.name] = { http: h, floor: f }
    rows.push([k.name, String(h.p50), String(h.p99), String(f.p50), String(f.p99), (h.p99 / Math.max(0.1, f.p99)).toFixed(2), String(h.errors + f.errors)])
    log(`  ${k.name}: p50 ${h.p50} ms, p99 ${h.p99} ms; floor p50 ${f.p50} ms, p99 ${f.p99} ms`)
  }
  // explore.posts: each viewer's steady state (their arrangement of the set already made, as after
  // any first visit), beside the statements core runs for it; tag.trending and meta.limits run no
  // SQL of their own, so their floor is bare HTTP: meta.limits, signed in, at the same rate.
  const extra: { name: string; calls: Call[] | { token: string; path: string; statements: [] }[] }[] = [
    { name: 'explore.posts', calls: await exploreCalls(pg, people.slice(0, 200)) },
    { name: 'tag.trending', calls: people.slice(0, 200).map((p) => ({ token: p.token, path: `/trpc/tag.trending?input=${encodeURIComponent('{}')}`, statements: [] })) },
  ]
  const bare = people.slice(0, 200).map((p) => ({ token: p.token, path: '/trpc/meta.limits' }))
  await http(bare, 3)
  const base = await http(bare)
  results['bare HTTP (meta.limits)'] = { http: base, floor: null }
  rows.push(['bare HTTP (meta.limits)', String(base.p50), String(base.p99), '', '', '', String(base.errors)])
  log(`  bare HTTP: p50 ${base.p50} ms, p99 ${base.p99} ms`)
  for (const k of extra) {
    await http(k.calls, 3)
    const h = await http(k.calls)
    const withSql = k.calls.some((c) => c.statements.length > 0)
    const f = withSql ? await floor(pg, k.calls as Call[]) : base
    results[k.name] = { http: h, floor: f }
    rows.push([k.name, String(h.p50), String(h.p99), String(f.p50), String(f.p99), (h.p99 / Math.max(0.1, f.p99)).toFixed(2), String(h.errors + (withSql ? f.errors : 0))])
    log(`  ${k.name}: p50 ${h.p50} ms, p99 ${h.p99} ms; floor (${withSql ? 'its SQL' : 'bare HTTP'}) p50 ${f.p50} ms, p99 ${f.p99} ms`)
  }
  await stopApi(server)
  await plans(pg, list)
  await pg.end()
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  log(`\nMosaic search benchmark (${USERS.toLocaleString()} users, ${POSTS.toLocaleString()} posts; ${RATE} req/s over ${CONNECTIONS} connections, ${DURATION} s per run; signed-in viewers; 2 cores shared with the load generator)\n`)
  for (const r of rows) log('  ' + r.map((c, i) => c.padEnd(widths[i]!)).join('  '))
  log('\n' + JSON.stringify({ bench: 'search', users: USERS, posts: POSTS, rate: RATE, connections: CONNECTIONS, durationSeconds: DURATION, results }))
}

await main()
