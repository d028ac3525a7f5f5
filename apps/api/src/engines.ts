import { createDb, type DbHandle } from '@mosaic/db'
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from '@mosaic/core'
import { createFsBlobStore, createS3BlobStore, parseS3Endpoint, type BlobStore } from '@mosaic/storage'
import path from 'node:path'
import { Redis } from 'ioredis'
import type { Config } from './config.ts'
import { paths } from './paths.ts'

/** The engines a process talks to, chosen by config: embedded by default, real when configured. */
export type Engines = {
  db: DbHandle
  redis: Redis | null
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
  const storage = config.s3
    ? await createS3BlobStore({
        ...parseS3Endpoint(config.s3.endpoint),
        accessKey: config.s3.accessKey,
        secretKey: config.s3.secretKey,
        bucket: config.s3.bucket,
        region: config.s3.region,
      })
    : createFsBlobStore({ root: path.join(config.DATA_DIR, 'media') })
  return {
    db,
    redis,
    storage,
    limiter: redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter(),
    async close() {
      await Promise.allSettled([db.close(), redis?.quit()])
    },
  }
}
