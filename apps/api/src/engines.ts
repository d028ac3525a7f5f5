import { createDb, type DbHandle } from '@mosaic/db'
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from '@mosaic/core'
import { Redis } from 'ioredis'
import type { Config } from './config.ts'
import { paths } from './paths.ts'

/** The engines a process talks to, chosen by config: embedded by default, real when configured. */
export type Engines = {
  db: DbHandle
  redis: Redis | null
  limiter: RateLimiter
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
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, {
        lazyConnect: false,
        // Fail fast while Redis is down instead of queueing commands forever: callers fall back.
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      })
    : null
  redis?.on('error', () => {}) // reconnects on its own; /readyz reports the state
  return {
    db,
    redis,
    limiter: redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter(),
    async close() {
      await Promise.allSettled([db.close(), redis?.quit()])
    },
  }
}
