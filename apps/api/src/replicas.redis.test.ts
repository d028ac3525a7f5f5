// Read-your-writes across processes: the mark lives in Redis, so a write handled by one process
// sends the writer's reads in another process to the primary; and while Redis does not answer,
// every signed-in query reads the primary (never a possibly stale replica). Its own Postgres
// primary, replica and redis-server, never the shared engines.
import postgres from 'postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { PrivatePostgres, PrivateRedis, Sandbox } from './testing/engines.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { PrivateReplica } from './testing/pg-replica.ts'

let primary: PrivatePostgres
let replica: PrivateReplica
let redis: PrivateRedis
/** Two processes with the replica, sharing one Redis namespace (a write pool and a read pool). */
let writes: TestApp
let reads: TestApp
/** A process without replicas, where people sign up without leaving a mark. */
let elsewhere: TestApp

beforeAll(async () => {
  primary = await PrivatePostgres.create(new Sandbox({ prefix: 'mosaic-replicas-redis' }))
  replica = await PrivateReplica.create(primary.sandbox, primary)
  redis = await PrivateRedis.create(primary.sandbox)
  // A lag bound far above the test's length, so pausing replay does not make the replica unhealthy.
  const env = { DATABASE_URL: primary.url, DATABASE_REPLICA_URLS: replica.url, REPLICA_MAX_LAG_MS: '120000', REPLICA_RYW_SECONDS: '300', REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'ryw:' }
  writes = await startTestApp({ env })
  reads = await startTestApp({ env })
  elsewhere = await startTestApp({ env: { DATABASE_URL: primary.url } })
}, 180_000)
afterAll(async () => {
  await Promise.all([writes?.close(), reads?.close(), elsewhere?.close()])
  primary?.sandbox.destroySync()
})

const onReplica = async (query: (sql: postgres.Sql) => Promise<unknown>) => {
  const sql = postgres(replica.url, { max: 1, onnotice: () => {} })
  try {
    await query(sql)
  } finally {
    await sql.end({ timeout: 1 })
  }
}

it("reads a writer's own write in another process, and reads the primary while Redis does not answer", async () => {
  const writer = await elsewhere.user()
  const reader = await elsewhere.user()
  await replica.caughtUp(async (sql) => (await sql`select 1 from users where id in (${writer.id}, ${reader.id})`).length === 2)
  await onReplica((sql) => sql`select pg_wal_replay_pause()`)
  try {
    await (await writes.caller(writer.token)).user.update({ bio: 'written through the write pool' })
    const byWriter = await reads.caller(writer.token)
    const byReader = await reads.caller(reader.token)
    expect((await byWriter.user.byUsername({ username: writer.username })).bio).toBe('written through the write pool')
    expect((await byReader.user.byUsername({ username: writer.username })).bio).toBe('')

    // Whether the reader wrote cannot be told while Redis does not answer: the primary answers.
    redis.freeze()
    try {
      expect((await byReader.user.byUsername({ username: writer.username })).bio).toBe('written through the write pool')
    } finally {
      redis.thaw()
    }
  } finally {
    await onReplica((sql) => sql`select pg_wal_replay_resume()`)
  }
})
