import path from 'node:path'
import { createDb, type DbHandle } from '@mosaic/db'
import { memoryAdapters, redisAdapters, type bullmqAdapters, type CircuitBreaker, type RateLimiter } from '@mosaic/core'
import { createFsBlobStore, createS3BlobStore, parseS3Endpoint, type BlobStore } from '@mosaic/storage'
import { Redis, type RedisOptions } from 'ioredis'
import type { Config } from './config.ts'
import { paths } from './paths.ts'

/** The engines a process talks to, chosen by config: embedded by default, real when configured. */
export type Engines = {
  db: DbHandle
  redis: Redis | null
  /** Shared by every Redis user, BullMQ's enqueue included: open, nobody waits on Redis. */
  redisBreaker: CircuitBreaker | null
  /** Connection options for BullMQ, which needs its own blocking connections. */
  queueConnection: bullmqAdapters.QueueConnection | null
  /** Namespace of this deployment's keys, BullMQ's included. */
  redisPrefix: string
  limiter: RateLimiter
  storage: BlobStore
  close(): Promise<void>
}

export async function openEngines(config: Config): Promise<Engines> {
  const db = createDb({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    max: config.DATABASE_POOL_SIZE,
    migrationsFolder: paths.migrations,
  })
  await db.migrate()
  const redisOptions: RedisOptions | null = config.REDIS_URL
    ? { ...redisUrlOptions(config.REDIS_URL), ...(config.REDIS_URL.startsWith('rediss:') ? { tls: {} } : {}) }
    : null
  const redis = redisOptions
    ? new Redis({
        ...redisOptions,
        // Fail fast while Redis is down instead of queueing commands: callers fall back to Postgres.
        keyPrefix: config.REDIS_KEY_PREFIX,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2000,
        // A Redis that hangs (stopped, swapping, a dead link that TCP has not noticed) answers nothing:
        // every command gets a deadline and then takes the same fallback as an error.
        commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      })
    : null
  redis?.on('error', () => {}) // reconnects on its own; /readyz reports the state
  const redisBreaker = redis ? redisAdapters.guardRedis(redis, { cooldownMs: config.REDIS_BREAKER_COOLDOWN_MS }) : null
  if (redis) await new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : (redis.once('ready', resolve), setTimeout(resolve, 2000).unref())))
  const storage = config.s3
    ? await createS3BlobStore({
        ...parseS3Endpoint(config.s3.endpoint),
        accessKey: config.s3.accessKey,
        secretKey: config.s3.secretKey,
        bucket: config.s3.bucket,
        region: config.s3.region,
      })
    : createFsBlobStore({ root: path.join(config.DATA_DIR, 'media') })
  const memoryLimiter = memoryAdapters.createMemoryRateLimiter()
  return {
    db,
    redis,
    redisBreaker,
    queueConnection: config.REDIS_URL ? { ...redisUrlOptions(config.REDIS_URL), tls: config.REDIS_URL.startsWith('rediss:') ? {} : undefined, maxRetriesPerRequest: null } : null,
    redisPrefix: config.REDIS_KEY_PREFIX,
    limiter: redis ? withFallback(redisAdapters.createRedisRateLimiter(redis), memoryLimiter) : memoryLimiter,
    storage,
    async close() {
      await Promise.allSettled([db.close(), redis ? redis.quit().catch(() => redis.disconnect()) : null])
    },
  }
}

function redisUrlOptions(url: string) {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: Number(u.pathname.slice(1) || 0),
  }
}

/** Rate limits keep working while Redis is down, counted per process until it returns. */
function withFallback(primary: RateLimiter, fallback: RateLimiter): RateLimiter {
  return {
    hit: (k, l, w) => primary.hit(k, l, w).catch(() => fallback.hit(k, l, w)),
    reset: (k) => primary.reset(k).catch(() => fallback.reset(k)),
  }
}
