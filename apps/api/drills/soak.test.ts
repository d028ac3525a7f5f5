// Soak and drills: a steady mix of what people do (sign-ins, feed reads, likes, comments, follows,
// uploads) against the built server running as its own process over a Postgres and a Redis the
// drills start themselves, while the engines and the server are killed, frozen and restarted on a
// schedule. Then everything the API accepted is looked for in Postgres, in the followers' feeds
// and in the blob store. SOAK_SECONDS sets the length (90 in CI, 300 or more by hand).
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import postgres from 'postgres'
import sharp from 'sharp'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { PrivatePostgres, PrivateRedis, Sandbox, freePort, sleep } from '../src/testing/engines.ts'
import { Ledger, OPS, query, send, type Op, type Window } from './client.ts'
import { DrillApi } from './engines.ts'
import { drillsEnv } from './test-env.ts'
import { World, type Person } from './world.ts'

const SOAK = drillsEnv.soakSeconds
const RATE = drillsEnv.soakRate
const PEOPLE = 40
const MAX_OPEN = 100

// The faults, in seconds into the soak (each also waits for the one before it to be over, with a
// gap, so that e.g. Redis is frozen while the API holds a live connection to it, not while it is
// still reconnecting). They all happen in the first minute so that, from 60 s to the end, the
// server runs a steady load: that is where memory growth is measured. The API is killed first, so
// the process measured is the restarted one, warmed up by ~50 s of mixed load and every engine
// fault before its baseline is taken. Shorter soaks (debugging the drill itself) squeeze the same
// schedule and skip the memory check.
const scale = SOAK >= 90 ? 1 : SOAK / 90
const SCHEDULE = {
  apiKill: 5 * scale,
  redisKill: 15 * scale,
  redisDownFor: 5 * scale,
  redisFreeze: 28 * scale,
  redisFrozenFor: 10 * scale,
  pgStop: 44 * scale,
  pgDownFor: 4 * scale,
  gap: 3 * scale,
}
/** After Postgres is back, requests have this long to recover by themselves before a 503 counts as a failure. */
const PG_RECOVERY_SECONDS = 10
const RSS_BASELINE = { from: 60, to: 70 }
const RSS_MAX_GROWTH = 0.1
/** Besides the 10 %: what glibc and libvips may keep of freed image buffers under a busy CI machine (one run measured +25 MB on 228). */
const RSS_SLACK_KB = 16 * 1024

const MIX: [Op, number][] = [
  ['signIn', 5],
  ['feed', 40],
  ['like', 25],
  ['comment', 12],
  ['follow', 10],
  ['upload', 8],
]

let sandbox: Sandbox
let pg: PrivatePostgres
let redis: PrivateRedis
let api: DrillApi
const startedAt = Date.now()
const ledger = new Ledger()
let world: World

const cleanup = () => sandbox?.destroySync()
process.once('exit', cleanup)

beforeAll(async () => {
  sandbox = new Sandbox({ prefix: 'mosaic-drills', path: drillsEnv.path, keep: drillsEnv.keep })
  pg = await PrivatePostgres.create(sandbox)
  redis = await PrivateRedis.create(sandbox)
  const high = '1000000'
  api = new DrillApi(sandbox, await freePort(), {
    NODE_ENV: 'production',
    MALLOC_ARENA_MAX: '2',
    HOST: '127.0.0.1',
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    DATA_DIR: path.join(sandbox.root, 'data'),
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'drills-session-secret-0123456789abcdef',
    // The simulated people come from many addresses, as behind a proxy (X-Forwarded-For).
    TRUST_PROXY: 'true',
    // Abuse limits far above what the soak does, however long it runs: the drills test resilience,
    // not the throttles (each has its own tests). Names the config does not know are ignored.
    LIMIT_LIKES_PER_HOUR: high,
    LIMIT_COMMENTS_PER_HOUR: high,
    LIMIT_FOLLOWS_PER_DAY: high,
    LIMIT_SIGNIN_PER_ACCOUNT_ADDRESS: high,
    LIMIT_SIGNIN_PER_ACCOUNT: high,
    LIMIT_SIGNIN_PER_ADDRESS: high,
    LIMIT_SIGNUPS_PER_HOUR: high,
  })
  api.env.PORT = String(api.port)
  await api.start()
  // A crash is a failure; the drill restarts the server so the rest of the soak still measures.
  api.onCrash = (how) => {
    ledger.crashes.push({ at: ledger.now(), what: `API exited by itself (${how})` })
    ledger.event(`API exited by itself (${how}); the drill restarts it`)
    const down: Window = { from: ledger.now(), to: Infinity }
    ledger.apiDown.push(down)
    void api.start().then(
      () => void ((down.to = ledger.now() + 1), ledger.event('API restarted after the crash')),
      (err: unknown) => ledger.event(`API restart after the crash failed: ${String(err)}`),
    )
  }

  world = new World(ledger, () => api.base)
  const names = Array.from({ length: PEOPLE }, (_, i) => `drill${i}`)
  await inBatches(names, 4, (n) => world.signUp(n))
  // One at a time: concurrent crossing follows are part of the soak, not of its setup.
  for (const p of world.people) for (let i = 0; i < 3; i++) await world.follow(p)
  await inBatches(world.people.slice(0, 10), 4, (p) => world.upload(p))
  expect(ledger.failures, 'setup failures').toEqual([])
}, 180_000)

afterAll(async () => {
  await api?.kill()
  await redis?.kill()
  await pg?.stop().catch(() => {})
  cleanup()
  console.log(`drills project: ${((Date.now() - startedAt) / 60_000).toFixed(1)} CI minutes (soak ${SOAK} s at ${RATE} ops/s)`)
})

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn))
}

function pickOp(): Op {
  const total = MIX.reduce((n, [, w]) => n + w, 0)
  let r = Math.random() * total
  for (const [op, w] of MIX) if ((r -= w) < 0) return op
  return 'feed'
}

const run = (op: Op) =>
  op === 'signIn' ? world.signIn() : op === 'feed' ? world.readFeed() : op === 'like' ? world.like() : op === 'comment' ? world.comment() : op === 'follow' ? world.follow() : world.upload()

type KillDrill = { caption: string; bytesSent: number; bytesTotal: number; firstId: string | null; secondId: string | null }

/**
 * Starts an upload that trickles (headers and the first bytes, then a little at a time), SIGKILLs
 * the API while the body streams, restarts it, then retries twice with the same Idempotency-Key
 * and the whole body, as the web app would: both retries must name one and the same post.
 */
async function killMidUpload(person: Person, restarted: () => void): Promise<KillDrill> {
  const caption = 'drill: killed mid-upload'
  const key = randomUUID()
  const big = await sharp(randomBytes(640 * 480 * 3), { raw: { width: 640, height: 480, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer()
  const form = new FormData()
  form.append('caption', caption)
  form.append('files', new File([new Uint8Array(big)], 'trickle.jpg', { type: 'image/jpeg' }))
  const encoded = new Request('http://drills.invalid/', { method: 'POST', body: form })
  const body = Buffer.from(await encoded.arrayBuffer())
  const contentType = encoded.headers.get('content-type')!

  const trickle = http.request({
    host: '127.0.0.1',
    port: api.port,
    method: 'POST',
    path: '/trpc/post.create',
    headers: {
      authorization: `Bearer ${person.token}`,
      'x-forwarded-for': person.ip,
      'content-type': contentType,
      'content-length': body.length,
      'idempotency-key': key,
    },
  })
  trickle.on('error', () => {}) // the server is about to vanish
  let sent = 16 * 1024
  trickle.write(body.subarray(0, sent))
  for (let i = 0; i < 10; i++) {
    await sleep(100)
    trickle.write(body.subarray(sent, sent + 1024))
    sent += 1024
  }
  const down: Window = { from: ledger.now(), to: Infinity }
  ledger.apiDown.push(down)
  ledger.event(`API SIGKILL mid-upload (${sent} of ${body.length} bytes sent)`)
  await api.kill()
  trickle.destroy()
  await api.start()
  down.to = ledger.now() + 1
  ledger.event('API restarted and ready')
  restarted()

  const retry = () =>
    ledger.attempt('upload', () => api.base, {
      method: 'POST',
      path: '/trpc/post.create',
      token: person.token,
      ip: person.ip,
      body,
      headers: { 'content-type': contentType, 'idempotency-key': key },
      timeoutMs: 30_000,
    })
  const idOf = (a: Awaited<ReturnType<typeof retry>>) => (a.ok && a.kind === 'http' ? (a.body?.result?.data as { id: string }).id : null)
  const firstId = idOf(await retry())
  const secondId = idOf(await retry())
  if (firstId) world.posts.push({ id: firstId, authorId: person.id, caption })
  return { caption, bytesSent: sent, bytesTotal: body.length, firstId, secondId }
}

/** Until /readyz says every engine answers (the API's Redis connection is back, for one). */
async function apiReady() {
  for (let i = 0; i < 300; i++) {
    const a = await send(api.base, { method: 'GET', path: '/readyz', ip: '127.0.0.1', timeoutMs: 3000 })
    if (a.kind === 'http' && a.status === 200) return
    await sleep(100)
  }
}

async function faults(): Promise<KillDrill> {
  let previous = 0
  const at = async (t: number) => {
    const due = Math.max(ledger.t0 + t * 1000, previous + SCHEDULE.gap * 1000)
    await sleep(Math.max(0, due - Date.now()))
  }
  const over = () => void (previous = Date.now())

  await at(SCHEDULE.apiKill)
  // The client's retries run beside the rest of the schedule, as they would in the wild.
  let restarted = () => {}
  const restart = new Promise<void>((resolve) => (restarted = resolve))
  const drill = killMidUpload(world.people[0]!, () => restarted())
  await Promise.race([restart, drill])
  over()

  await at(SCHEDULE.redisKill)
  ledger.event('Redis SIGKILL')
  await redis.kill()
  await sleep(SCHEDULE.redisDownFor * 1000)
  await redis.start()
  await apiReady()
  ledger.event('Redis restarted (empty), the API reconnected')
  over()

  await at(SCHEDULE.redisFreeze)
  const frozen: Window = { from: ledger.now(), to: Infinity }
  ledger.redisFrozen.push(frozen)
  ledger.event('Redis SIGSTOP')
  redis.freeze()
  await sleep(SCHEDULE.redisFrozenFor * 1000)
  redis.thaw()
  frozen.to = ledger.now()
  ledger.event('Redis SIGCONT')
  over()

  await at(SCHEDULE.pgStop)
  const down: Window = { from: ledger.now(), to: Infinity }
  ledger.pgDown.push(down)
  ledger.event('Postgres stop -m fast')
  await pg.stop()
  await sleep(SCHEDULE.pgDownFor * 1000)
  await pg.start()
  down.to = ledger.now() + PG_RECOVERY_SECONDS
  ledger.event(`Postgres started (503s allowed for ${PG_RECOVERY_SECONDS} s more)`)
  return await drill
}

/** Starts operations at a steady rate for SOAK seconds (and until the last fault is over). */
async function soak(faultsDone: { value: boolean }) {
  const period = 1000 / RATE
  const end = ledger.t0 + SOAK * 1000
  const inflight = new Set<Promise<void>>()
  let skipped = 0
  for (let i = 0; ; i++) {
    const due = ledger.t0 + i * period
    if (due >= end && faultsDone.value) break
    if (due > Date.now()) await sleep(due - Date.now())
    // The simulated population is bounded: past MAX_OPEN requests in flight (a server that stopped
    // answering, or the backlog of a restart) the soak sheds new operations and says how many,
    // rather than stampeding the restarted server with its own backlog.
    if (inflight.size >= MAX_OPEN) {
      skipped++
      continue
    }
    const op = pickOp()
    const p: Promise<void> = run(op)
      .catch((err: unknown) => void ledger.failures.push({ at: ledger.now(), op, what: `drill error: ${String(err)}` }))
      .finally(() => inflight.delete(p))
    inflight.add(p)
  }
  await Promise.all(inflight)
  return skipped
}

type FeedPage = { items: { id: string }[]; nextCursor: string | null }

/** Walks a person's latest feed until every expected post is seen or the pages end. */
async function feedHas(person: Person, expected: Set<string>) {
  const seen = new Set<string>()
  let cursor: string | null = null
  for (let page = 0; page < 100; page++) {
    const a = await send(api.base, { method: 'GET', path: query('feed.home', { mode: 'latest', limit: 50, ...(cursor ? { cursor } : {}) }), token: person.token, ip: person.ip })
    if (a.kind !== 'http' || a.status !== 200) throw new Error(`feed of ${person.username}: ${JSON.stringify(a)}`)
    const data = a.body?.result?.data as FeedPage
    for (const item of data.items) if (expected.has(item.id)) seen.add(item.id)
    if (seen.size === expected.size || !data.nextCursor) break
    cursor = data.nextCursor
  }
  return seen
}

/** Every blob key a post's photos need; the ones missing from the blob store. */
async function postsWithoutBlobs(sql: postgres.Sql, mediaRoot: string) {
  const rows = await sql<{ id: string; keys: string[] | null }[]>`
    select p.id, array_agg(k.key) filter (where k.key is not null) as keys
    from posts p
    left join post_media pm on pm.post_id = p.id
    left join media m on m.id = pm.media_id
    left join lateral (values (m.thumb_key), (m.small_key), (m.large_key), (m.original_key)) as k(key) on true
    group by p.id`
  return rows.filter((r) => !r.keys || r.keys.some((k) => !existsSync(path.join(mediaRoot, ...k.split('/'))))).map((r) => r.id)
}

function listBlobs(mediaRoot: string) {
  const out: string[] = []
  for (const prefix of ['variants', 'raw']) {
    const dir = path.join(mediaRoot, prefix)
    if (!existsSync(dir)) continue
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) out.push(path.relative(mediaRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    }
  }
  return out
}

it(`holds a ${SOAK} s mixed soak through Redis killed and frozen, the API killed mid-upload, and Postgres restarted`, { timeout: (SOAK + 300) * 1000 }, async () => {
  const rss: { at: number; kb: number }[] = []
  ledger.start()
  let lastTick = Date.now()
  const sampler = setInterval(() => {
    const kb = api.rssKb()
    if (kb) rss.push({ at: ledger.now(), kb })
    // A stalled test process would time requests out by itself: say so in the timeline.
    const lag = Date.now() - lastTick - 1000
    if (lag > 1000) ledger.event(`(the drills' own event loop stalled ${lag} ms)`)
    lastTick = Date.now()
  }, 1000)
  const faultsDone = { value: false }
  const [skipped, drill] = await Promise.all([
    soak(faultsDone),
    faults().finally(() => (faultsDone.value = true)),
  ]).finally(() => clearInterval(sampler))
  ledger.counting = false
  const soakEnded = ledger.now()
  for (let i = 0; i < 600 && !api.running; i++) await sleep(100) // a crash near the end: let the restart finish

  // What was accepted, looked for in Postgres.
  const sql = postgres(pg.url, { max: 2, onnotice: () => {} })
  try {
    const mediaRoot = path.join(sandbox.root, 'data', 'media')
    const likeRows = await sql<{ post_id: string; user_id: string }[]>`select post_id, user_id from likes`
    const likeSet = new Set(likeRows.map((r) => `${r.user_id}>${r.post_id}`))
    const commentSet = new Set((await sql<{ id: string }[]>`select id from comments`).map((r) => r.id))
    const followSet = new Set((await sql<{ a: string; b: string }[]>`select follower_id as a, followee_id as b from follows where state = 'accepted'`).map((r) => `${r.a}>${r.b}`))
    const postRows = await sql<{ id: string; caption: string }[]>`select id, caption from posts`
    const postIds = new Set(postRows.map((r) => r.id))
    const byCaption = new Map<string, number>()
    for (const r of postRows) byCaption.set(r.caption, (byCaption.get(r.caption) ?? 0) + 1)

    const acceptedFollows = [...world.following].flatMap(([a, bs]) => [...bs].map((b) => `${a}>${b}`))
    const found = {
      likes: world.likes.filter((l) => likeSet.has(`${l.userId}>${l.postId}`)).length,
      comments: world.comments.filter((c) => commentSet.has(c.id)).length,
      follows: acceptedFollows.filter((f) => followSet.has(f)).length,
      posts: world.posts.filter((p) => postIds.has(p.id)).length,
    }
    const duplicated = [...byCaption].filter(([caption, n]) => n > 1 && (world.uploadsSent.has(caption) || caption === drill.caption))
    const withoutBlobs = await postsWithoutBlobs(sql, mediaRoot)

    // ...in the followers' feeds (fan-out may lag: give it up to a minute to settle).
    const viewers = world.people.filter((p) => world.expectedFeed(p.id).length > 0)
    let feedExpected = 0
    let feedFound = 0
    const feedMissing: string[] = []
    const feedDeadline = Date.now() + 60_000
    for (const viewer of viewers) {
      const expected = new Set(world.expectedFeed(viewer.id).map((p) => p.id))
      let seen = await feedHas(viewer, expected)
      while (seen.size < expected.size && Date.now() < feedDeadline) {
        await sleep(1000)
        seen = await feedHas(viewer, expected)
      }
      feedExpected += expected.size
      feedFound += seen.size
      if (seen.size < expected.size) feedMissing.push(`${viewer.username}: ${expected.size - seen.size} of ${expected.size} missing`)
    }

    // The orphan sweep with no grace period (nothing is in flight now), then: no blob without a row.
    const sweep = api.cli(['sweep', '--grace-seconds', '0']).trim()
    const liveShas = new Set((await sql<{ sha256: string }[]>`select sha256 from media`).map((r) => r.sha256))
    const blobs = listBlobs(mediaRoot)
    const orphanBlobs = blobs.filter((k) => !liveShas.has(/([0-9a-f]{64})/.exec(k)?.[1] ?? ''))
    const unreferencedMedia = await sql`
      select id from media m where not exists (select 1 from post_media pm where pm.media_id = m.id)
        and not exists (select 1 from stories s where s.media_id = m.id)`
    const withoutBlobsAfterSweep = await postsWithoutBlobs(sql, mediaRoot)

    // Memory: the restarted server's RSS from minute one to the end, each end the median of ten
    // one-second samples, so that one garbage collection caught at its peak does not decide.
    const median = (from: number, to: number) => {
      const kb = rss.filter((s) => s.at >= from && s.at < to).map((s) => s.kb).sort((a, b) => a - b)
      return kb.length ? kb[Math.floor(kb.length / 2)]! : NaN
    }
    const baseline = median(RSS_BASELINE.from, RSS_BASELINE.to)
    const final = median(soakEnded - 10, soakEnded + 1)
    const rssChecked = SOAK >= 90 && Number.isFinite(baseline) && Number.isFinite(final)

    const pgAnswers = [...ledger.duringPgOutage].map(([s, n]) => `${s}×${n}`).join(', ') || 'none'
    printSummary({
      skipped,
      found,
      feed: { expected: feedExpected, found: feedFound },
      drill,
      sweep,
      blobs: blobs.length,
      rss: rssChecked ? `${(baseline / 1024).toFixed(0)} MB at ${RSS_BASELINE.from}–${RSS_BASELINE.to} s → ${(final / 1024).toFixed(0)} MB at the end (${(((final - baseline) / baseline) * 100).toFixed(1)} %)` : 'not checked (soak shorter than 90 s)',
      pgAnswers,
    })

    expect.soft(ledger.crashes, 'API process exits the drill did not cause').toEqual([])
    expect.soft(summarizeFailures(), 'failures: 5xx, timeouts, connection errors while the API was up, refusals of allowed actions').toEqual([])
    expect.soft(found.likes, 'accepted likes found in Postgres').toBe(world.likes.length)
    expect.soft(found.comments, 'accepted comments found in Postgres').toBe(world.comments.length)
    expect.soft(found.follows, 'accepted follows found in Postgres').toBe(acceptedFollows.length)
    expect.soft(found.posts, 'accepted posts found in Postgres').toBe(world.posts.length)
    expect.soft(duplicated, 'uploads that became more than one post').toEqual([])
    expect.soft(feedMissing, "accepted posts missing from their followers' latest feed").toEqual([])
    expect.soft(feedFound, 'posts found in feeds').toBe(feedExpected)
    expect.soft(withoutBlobs, 'posts without their blobs').toEqual([])
    expect.soft(withoutBlobsAfterSweep, 'posts without their blobs after the sweep').toEqual([])
    expect.soft(orphanBlobs, 'blobs without a media row after the sweep').toEqual([])
    expect.soft(unreferencedMedia.length, 'media rows no post references after the sweep').toBe(0)
    expect.soft(drill.firstId, 'the retry after the API was killed mid-upload creates the post').not.toBeNull()
    expect.soft(drill.secondId, 'a second retry with the same Idempotency-Key returns the same post').toBe(drill.firstId)
    expect.soft(byCaption.get(drill.caption), 'posts created by the killed upload and its retries').toBe(1)
    expect.soft(ledger.duringPgOutage.get('503') ?? 0, 'requests answered 503 + Retry-After while Postgres was down').toBeGreaterThan(0)
    if (rssChecked) expect.soft(final, `RSS at the end within ${RSS_MAX_GROWTH * 100} % + ${RSS_SLACK_KB / 1024} MB of minute one`).toBeLessThan(baseline * (1 + RSS_MAX_GROWTH) + RSS_SLACK_KB)
    for (const op of OPS) expect.soft(ledger.accepted.get(op) ?? 0, `accepted ${op}`).toBeGreaterThan(0)
  } finally {
    await sql.end()
  }
})

function printSummary(s: {
  skipped: number
  found: Record<'likes' | 'comments' | 'follows' | 'posts', number>
  feed: { expected: number; found: number }
  drill: KillDrill
  sweep: string
  blobs: number
  rss: string
  pgAnswers: string
}) {
  const acceptedIds: Record<string, number> = {
    like: world.likes.length,
    comment: world.comments.length,
    follow: [...world.following.values()].reduce((n, set) => n + set.size, 0),
    upload: world.posts.length,
  }
  const foundBy: Record<string, number> = { like: s.found.likes, comment: s.found.comments, follow: s.found.follows, upload: s.found.posts }
  const rows = OPS.map((op) => {
    const refused = [...(ledger.refused.get(op) ?? new Map<string, number>())].map(([status, n]) => `${status}×${n}`).join(' ') || '-'
    const failed = ledger.failures.filter((f) => f.op === op).length
    return [op, ledger.sent.get(op) ?? 0, ledger.accepted.get(op) ?? 0, refused, failed, op in foundBy ? `${foundBy[op]} of ${acceptedIds[op]} (incl. setup)` : '-']
  })
  const header = ['op', 'sent', 'accepted', 'refused', 'failed', 'found in Postgres']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padEnd(widths[i]!)).join('  ')
  const out = [
    '',
    `── drills: ${SOAK} s soak at ${RATE} ops/s ──`,
    line(header),
    ...rows.map(line),
    '',
    `retried (allowed): ${[...ledger.retried].map(([why, n]) => `${why} ×${n}`).join('; ') || 'none'}`,
    `answers while Postgres was down: ${s.pgAnswers}`,
    `shed (more than ${MAX_OPEN} requests open): ${s.skipped}`,
    `feeds: ${s.feed.found} of ${s.feed.expected} expected posts found`,
    `killed mid-upload: ${s.drill.bytesSent} of ${s.drill.bytesTotal} bytes sent; retries → ${s.drill.firstId ?? 'no post'} / ${s.drill.secondId ?? 'no post'}`,
    `sweep: ${s.sweep}; ${s.blobs} blobs left`,
    `RSS: ${s.rss}`,
    'fault timeline:',
    ...ledger.events.map((e) => `  ${e.at.toFixed(1).padStart(6)} s  ${e.what}`),
    `failures (${ledger.failures.length}):`,
    ...summarizeFailures(),
    ...(ledger.crashes.length ? ['API log (tail):', api.log()] : []),
    `elapsed: ${((Date.now() - startedAt) / 1000).toFixed(0)} s so far (engines, setup, soak, checks)`,
    '',
  ]
  console.log(out.join('\n'))
}

function summarizeFailures() {
  const groups = new Map<string, { n: number; first: number; last: number }>()
  for (const f of ledger.failures) {
    const key = `${f.op}: ${f.what.replace(/after [\d.]+ s/, 'after more than 5 s').slice(0, 160)}`
    const g = groups.get(key) ?? { n: 0, first: f.at, last: f.at }
    g.n++
    g.last = f.at
    groups.set(key, g)
  }
  return [...groups].map(([what, g]) => `  ×${g.n} (${g.first.toFixed(1)}–${g.last.toFixed(1)} s) ${what}`)
}
