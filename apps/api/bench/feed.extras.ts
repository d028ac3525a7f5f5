// Parts of bench:feed: the worker's timeline rebuild timed, and Redis memory per entry and post.
import { redisAdapters } from '@mosaic/core'
import { createDb } from '@mosaic/db'
import { Redis } from 'ioredis'
import postgres from 'postgres'
import { loadConfig } from '../src/config.ts'

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0)
}

/** The worker's rebuild job for returning readers whose timeline is gone, timed one by one. */
export async function rebuildTimes(at: { env: Record<string, string | undefined>; dbUrl: string; redisUrl: string; prefix: string }, sample: { userId: string }[]) {
  const config = loadConfig(at.env)
  const handle = createDb({ databaseUrl: at.dbUrl, dataDir: '', max: 2 })
  const redis = new Redis(at.redisUrl, { keyPrefix: at.prefix })
  const timelines = redisAdapters.createTimelines({ db: handle.db, redis, config: { timelineMax: config.FEED_TIMELINE_MAX, celebrityThreshold: config.FEED_CELEBRITY_THRESHOLD, windowDays: config.FEED_WINDOW_DAYS } })
  const times: number[] = []
  for (const { userId } of sample) {
    await redis.del(redisAdapters.keys.timelineBuilt(userId))
    const t0 = performance.now()
    await timelines.jobs['feed.rebuild']({ userId })
    times.push(performance.now() - t0)
  }
  await redis.quit()
  await handle.close()
  return { n: times.length, p50: percentile(times, 50), p99: percentile(times, 99) }
}

/** Redis bytes per timeline entry and per cached post (its core and counts), from MEMORY USAGE over a sample. */
export async function redisMemory(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl)
  const sample = async (pattern: string, size: (key: string) => Promise<number>) => {
    const [, found] = await redis.scan('0', 'MATCH', `${prefix}${pattern}`, 'COUNT', 20000)
    let bytes = 0
    let units = 0
    for (const key of found.slice(0, 300)) {
      bytes += Number(await redis.memory('USAGE', key, 'SAMPLES', '0'))
      units += await size(key)
    }
    return bytes / Math.max(1, units)
  }
  const perTimelineEntry = await sample('{u:*}:tl', (k) => redis.zcard(k))
  const perPost = await sample('{p:*}', async () => 1)
  const perCounts = await sample('{p:*}:n', async () => 1)
  await redis.quit()
  return { perTimelineEntry, perCachedPost: perPost + perCounts }
}

/**
 * The readers' followed celebrities made afresh before the `latest` loads (the next first page reads
 * them again). Each reader's list is kept ten minutes: in a running system they expire at their own
 * times, one first page in many paying for it; here every reader's was made in the same minute and
 * would all expire together inside a later load, which would then measure ten thousand Postgres
 * reads at once.
 */
export async function freshenCelebrities(redisUrl: string, prefix: string, userIds: string[]) {
  const redis = new Redis(redisUrl, { keyPrefix: prefix })
  for (let i = 0; i < userIds.length; i += 1000) await redis.del(...userIds.slice(i, i + 1000).map(redisAdapters.keys.celebrities))
  await redis.quit()
}

/**
 * Every reader's first page read once, eight at a time: their sessions, liked and saved sets and
 * the posts they see are then in Redis, as for a returning user. The floor reads those same keys
 * and never pays a miss, so a load of readers Mosaic has not seen yet would measure its session
 * and cache misses (a Postgres read each), not the warm page the two are compared on.
 */
export async function warmReaders(base: string, tokens: { token: string }[], path: string) {
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < tokens.length) {
        const { token } = tokens[next++]!
        await (await fetch(base + path, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()
      }
    }),
  )
}

type Result = { p50: number; p99: number; rps: number; errors: number; non2xx: number; total: number }
/** `dbTransactions`: Postgres transactions during the loads (a warm page makes none; the worker's and the outbox relay's polls are a few a second). */
export type Measured = { max: Result; steady: Result; steadyRate: number; saturated: boolean; dbTransactions?: number }

/** The database's committed and rolled-back transactions so far, once its statistics are flushed (each backend flushes within a second). */
export async function dbTransactions(dbUrl: string): Promise<number> {
  await new Promise((r) => setTimeout(r, 1500))
  const db = postgres(dbUrl, { max: 1, onnotice: () => {} })
  const [row] = await db<{ n: string }[]>`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`
  await db.end()
  return Number(row!.n)
}

/** The table's lines: each variant and mode against the floor's max and p99, columns padded. */
export function resultRows(results: Record<string, Record<string, Measured>>, variants: string[], modes: string[]): string[] {
  const rows: string[][] = [['variant', 'mode', 'max req/s (50 conn)', 'max / floor max', 'steady rate', 'p50 ms', 'p99 ms', 'p99 / floor p99', 'saturated']]
  for (const v of variants.filter((x) => results[x])) {
    for (const m of modes) {
      const r = results[v]![m]!
      const f = results.floor![m]!
      rows.push([v, m, r.max.rps.toFixed(0), (r.max.rps / f.max.rps).toFixed(2), String(r.steadyRate), String(r.steady.p50), String(r.steady.p99), (r.steady.p99 / Math.max(1, f.steady.p99)).toFixed(2), r.saturated ? `yes (${r.steady.rps.toFixed(0)}/s)` : 'no'])
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  '))
}

/** The readers whose timelines the seed built (as if they were the active users of the day). */
export async function builtReaders(redisUrl: string, prefix: string): Promise<string[]> {
  const redis = new Redis(redisUrl)
  const ids: string[] = []
  let cursor = '0'
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}{u:*}:tlb`, 'COUNT', 5000)
    cursor = next
    for (const k of found) ids.push(k.slice(`${prefix}{u:`.length, -'}:tlb'.length))
  } while (cursor !== '0')
  await redis.quit()
  return ids
}
