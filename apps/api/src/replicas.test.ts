// Read replicas on a real streaming replica (its own primary and replica, never the shared Postgres):
// queries read the replica, a viewer's reads after their own write and every session lookup read
// the primary, and a replica that goes away is skipped until it is back. WAL replay is paused on the
// replica to make "read from the replica" visible: a row the primary has and the replica does not.
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrivatePostgres, Sandbox, sleep } from './testing/engines.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { PrivateReplica } from './testing/pg-replica.ts'

let primary: PrivatePostgres
let replica: PrivateReplica
/** The app under test: DATABASE_URL is the primary, DATABASE_REPLICA_URLS the replica. */
let t: TestApp
/**
 * Another process on the same primary, without replicas: people signed up there wrote nothing
 * through `t`, so `t` holds no read-your-writes mark for them (as for anyone whose last write is
 * older than the window).
 */
let elsewhere: TestApp
let base: string

beforeAll(async () => {
  primary = await PrivatePostgres.create(new Sandbox({ prefix: 'mosaic-replicas' }))
  replica = await PrivateReplica.create(primary.sandbox, primary)
  // A lag bound far above the test's length: pausing replay must not make the replica unhealthy
  // here (the bound itself is tested on its own below).
  t = await startTestApp({ env: { DATABASE_URL: primary.url, DATABASE_REPLICA_URLS: replica.url, REPLICA_MAX_LAG_MS: '120000', REPLICA_RYW_SECONDS: '300' } })
  elsewhere = await startTestApp({ env: { DATABASE_URL: primary.url } })
  base = await t.listen()
}, 180_000)
afterAll(async () => {
  await t?.close()
  await elsewhere?.close()
  primary?.sandbox.destroySync()
})

const onReplica = async <T>(fn: (sql: postgres.Sql) => Promise<T>) => {
  const sql = postgres(replica.url, { max: 1, onnotice: () => {} })
  try {
    return await fn(sql)
  } finally {
    await sql.end({ timeout: 1 })
  }
}
const pauseReplay = () => onReplica((sql) => sql`select pg_wal_replay_pause()`)
const resumeReplay = () => onReplica((sql) => sql`select pg_wal_replay_resume()`)

const metrics = async () => (await fetch(`${base}/metrics`)).text()
const metric = (text: string, name: string) => Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN)
const replicaReads = async () => metric(await metrics(), 'mosaic_replica_reads_total{served_by="replica"}') || 0

/** Polls /metrics until the replica's health gauge says `healthy` (the health poll runs every few hundred ms). */
async function untilHealthy(healthy: boolean) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if (metric(await metrics(), 'mosaic_replica_healthy{replica="0"}') === (healthy ? 1 : 0)) return
    await sleep(50)
  }
  throw new Error(`the replica never became ${healthy ? 'healthy' : 'unhealthy'}`)
}

describe('read replicas', () => {
  it("serves a writer's next query from the primary and another viewer's from the replica", async () => {
    const writer = await elsewhere.user()
    const reader = await elsewhere.user()
    await replica.caughtUp(async (sql) => (await sql`select 1 from users where id in (${writer.id}, ${reader.id})`).length === 2)
    const writerApi = await t.caller(writer.token)
    const readerApi = await t.caller(reader.token)
    const anonymous = await t.caller()
    await untilHealthy(true)
    await pauseReplay()
    try {
      await writerApi.user.update({ bio: 'written while the replica is paused' })
      // Read-your-writes: the writer sees the write at once.
      expect((await writerApi.user.byUsername({ username: writer.username })).bio).toBe('written while the replica is paused')
      // Everyone else reads the replica, which has not replayed it yet.
      const before = await replicaReads()
      expect((await readerApi.user.byUsername({ username: writer.username })).bio).toBe('')
      expect((await anonymous.user.byUsername({ username: writer.username })).bio).toBe('')
      expect(await replicaReads()).toBe(before + 2)
    } finally {
      await resumeReplay()
    }
    await replica.caughtUp(async (sql) => (await sql`select 1 from users where id = ${writer.id} and bio = 'written while the replica is paused'`).length === 1)
    expect((await readerApi.user.byUsername({ username: writer.username })).bio).toBe('written while the replica is paused')
  })

  it('marks people who just signed up, and checks sessions against the primary, never the replica', async () => {
    await pauseReplay()
    try {
      // Signed up through this app: the replica has neither the account nor the session.
      const fresh = await t.user()
      expect((await fresh.api.auth.me())?.username).toBe(fresh.username)
      // Signed up elsewhere (no mark here): the session is still found, on the primary.
      const other = await elsewhere.user()
      const api = await t.caller(other.token)
      await expect(api.user.followRequests({})).resolves.toMatchObject({ items: [] })
      const res = await fetch(`${base}/trpc/user.followRequests?input=${encodeURIComponent('{}')}`, { headers: { authorization: `Bearer ${other.token}` } })
      expect(res.status).toBe(200)
    } finally {
      await resumeReplay()
    }
  })

  it('exports the lag and health of each replica in /metrics', async () => {
    await untilHealthy(true)
    const text = await metrics()
    expect(text).toMatch(/^mosaic_replica_lag_seconds\{replica="0"\} [0-9.e-]+$/m)
    expect(metric(text, 'mosaic_replica_lag_seconds{replica="0"}')).toBeLessThan(120)
    expect(text).toMatch(/^mosaic_replica_reads_total\{served_by="primary"\} \d+$/m)
    // The replica is no dependency of readiness: the primary serves.
    expect((await fetch(`${base}/readyz`)).status).toBe(200)
  })

  it('reads from the primary while the replica is stopped, and from the replica again once it is back', async () => {
    const viewer = await elsewhere.user()
    const api = await t.caller(viewer.token)
    await replica.stop()
    try {
      // At once (a query that finds the replica gone is retried on the primary) and afterwards (skipped).
      await expect(api.user.byUsername({ username: viewer.username })).resolves.toMatchObject({ username: viewer.username })
      await untilHealthy(false)
      const before = await replicaReads()
      await expect(api.user.byUsername({ username: viewer.username })).resolves.toMatchObject({ username: viewer.username })
      expect((await fetch(`${base}/readyz`)).status).toBe(200)
      expect(await replicaReads()).toBe(before)
    } finally {
      await replica.start()
    }
    // The lag bound here is two minutes, so the replica may serve before it has streamed what it
    // missed while stopped (the viewer signed up just before): wait for that row, then read.
    await replica.caughtUp(async (sql) => (await sql`select 1 from users where id = ${viewer.id}`).length === 1)
    await untilHealthy(true)
    const before = await replicaReads()
    await expect(api.user.byUsername({ username: viewer.username })).resolves.toMatchObject({ username: viewer.username })
    expect(await replicaReads()).toBe(before + 1)
  })
})
