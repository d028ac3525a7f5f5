// CI guard: the tests need a real PostgreSQL and Redis. Fail (never skip) when either is missing.
import { createRequire } from 'node:module'

// Resolved from the api package, which depends on both clients.
const require = createRequire(new URL('../apps/api/package.json', import.meta.url))
const postgres = require('postgres')
const { Redis } = require('ioredis')

const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
let failed = false

const sql = postgres(pgUrl, { max: 1, connect_timeout: 5, onnotice: () => {} })
try {
  const [{ version }] = await sql`select version()`
  console.log(`PostgreSQL answers: ${version.split(',')[0]}`)
} catch (err) {
  console.error(`PostgreSQL does not answer at ${pgUrl}: ${err.message}`)
  failed = true
} finally {
  await sql.end({ timeout: 1 })
}

const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null })
try {
  await redis.connect()
  console.log(`Redis answers: ${await redis.ping()}`)
} catch (err) {
  console.error(`Redis does not answer at ${redisUrl}: ${err.message}`)
  failed = true
} finally {
  redis.disconnect()
}
process.exit(failed ? 1 : 0)
