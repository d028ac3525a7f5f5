// pnpm --filter @mosaic/api exec tsx bench/suggestions.bench.ts — what one who-to-follow list costs
// to compute on the feed bench's dataset (`pnpm bench:feed` seeds it). Read only: the session is
// set read-only before anything runs, and nothing is cached anywhere. Not part of the tests.
// BENCH_DB (mosaic_bench), BENCH_ADMIN_URL, BENCH_SAMPLE (random users, 200), BENCH_EXPLAIN (1).
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { suggestions } from '@mosaic/core'
import { createDb, rows, sql } from '@mosaic/db'

const env = process.env
const url = new URL(env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
url.pathname = `/${env.BENCH_DB ?? 'mosaic_bench'}`
const SAMPLE = Number(env.BENCH_SAMPLE ?? 200)

const handle = createDb({ databaseUrl: url.toString(), dataDir: '', max: 1 })
const db = handle.db
await db.execute(sql`set default_transaction_read_only = on`)

const [size] = await rows<{ users: number; follows: number }>(db, sql`select (select count(*) from users)::int as users, (select count(*) from follows)::int as follows`)
console.log(`dataset: ${size!.users.toLocaleString()} users, ${size!.follows.toLocaleString()} follows`)

const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now()
  const out = await f()
  return [out, performance.now() - t0]
}
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!
const fmt = (ms: number) => `${ms.toFixed(1)} ms`

// Wall time on a shared machine waits for the CPU; the backend's own CPU time (from /proc, when
// PostgreSQL runs on this host) is what one computation costs whatever else runs.
const [{ pid }] = (await rows<{ pid: number }>(db, sql`select pg_backend_pid() as pid`)) as [{ pid: number }]
const cpuMs = (): number | null => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime + stime, in USER_HZ (100)
  } catch {
    return null
  }
}

const [popular, popularMs] = await time(() => suggestions.mostFollowed(db))
console.log(`most followed (${popular.length}, scanned at most once a minute): ${fmt(popularMs)}`)

const groups: [string, { id: string }[]][] = [
  ['random users', await rows<{ id: string }>(db, sql`select id from users where following_count > 0 order by random() limit ${SAMPLE}`)],
  ['the 20 who follow the most', await rows<{ id: string }>(db, sql`select id from users order by following_count desc limit 20`)],
  ['newcomers (follow nobody)', await rows<{ id: string }>(db, sql`select id from users where following_count = 0 limit 20`)],
]
for (const [label, people] of groups) {
  if (people.length === 0) continue
  const ms: number[] = []
  let listed = 0
  const cpu0 = cpuMs()
  for (const p of people) {
    const [list, took] = await time(() => suggestions.computeSuggestions(db, p.id, popular))
    ms.push(took)
    listed += list.items.length
  }
  const cpu1 = cpuMs()
  const cpu = cpu0 !== null && cpu1 !== null ? `; PostgreSQL CPU ${fmt((cpu1 - cpu0) / people.length)} per list` : ''
  console.log(`${label} (${people.length}): wall p50 ${fmt(q(ms, 0.5))}, p90 ${fmt(q(ms, 0.9))}, p99 ${fmt(q(ms, 0.99))}, max ${fmt(Math.max(...ms))}${cpu}; ${(listed / people.length).toFixed(1)} suggestions each`)
}

if ((env.BENCH_EXPLAIN ?? '1') === '1') {
  const [heaviest] = groups[1]![1]
  const plan = await rows<{ 'QUERY PLAN': string }>(db, sql`explain (analyze, buffers) ${suggestions.suggestionQuery(heaviest!.id, popular)}`)
  console.log(`\nEXPLAIN ANALYZE for the user who follows the most:\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`)
}
await handle.close()
