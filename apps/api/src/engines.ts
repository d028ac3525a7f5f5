import path from 'node:path'
import { createDb, type DbHandle } from '@mosaic/db'
import { memoryAdapters, redisAdapters, type bullmqAdapters, type CircuitBreaker, type RateLimiter } from '@mosaic/core'
import { createFsBlobStore, createS3BlobStore, parseS3Endpoint, type BlobStore } from '@mosaic/storage'
import type { Config } from './config.ts'
import { paths } from './paths.ts'
import { createRedisClients } from './redis-client.ts'

/** The engines a process talks to, chosen by config: embedded by default, real when configured. */
export type Engines = {
  db: DbHandle
  /** One redis-server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES): see redis-client.ts. */
  redis: redisAdapters.RedisClient | null
  /** Shared by every Redis user, BullMQ's enqueue included: open, nobody waits on Redis. */
  redisBreaker: CircuitBreaker | null
  /** Connection options for BullMQ, which needs its own blocking connections. */
  queueConnection: bullmqAdapters.QueueConnection | null
  /** Whether Redis is a cluster (BullMQ's old, untagged prefix is then never drained: it cannot hold jobs there). */
  redisClustered: boolean
  /** Namespace of this deployment's keys, BullMQ's included. */
  redisPrefix: string
  limiter: RateLimiter
  storage: BlobStore
  close(): Promise<void>
}

/** `onQuery` sees every statement sent to Postgres (tests count a hot path's queries with it). */
export async function openEngines(config: Config, opts: { onQuery?: (query: string) => void } = {}): Promise<Engines> {
  const db = createDb({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    max: config.DATABASE_POOL_SIZE,
    migrationsFolder: paths.migrations,
    ...(opts.onQuery ? { onQuery: opts.onQuery } : {}),
  })
  await db.migrate()
  const clients = createRedisClients(config)
  const redis = clients?.redis ?? null
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
    queueConnection: clients?.queueConnection ?? null,
    redisClustered: clients?.clustered ?? false,
    redisPrefix: config.REDIS_KEY_PREFIX,
    limiter: redis ? withFallback(redisAdapters.createRedisRateLimiter(redis), memoryLimiter) : memoryLimiter,
    storage,
    async close() {
      await Promise.allSettled([db.close(), clients?.close()])
    },
  }
}

/** Rate limits keep working while Redis is down, counted per process until it returns. */
function withFallback(primary: RateLimiter, fallback: RateLimiter): RateLimiter {
  return {
    hit: (k, l, w) => primary.hit(k, l, w).catch(() => fallback.hit(k, l, w)),
    reset: (k) => primary.reset(k).catch(() => fallback.reset(k)),
  }
}
