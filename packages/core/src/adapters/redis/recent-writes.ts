import type { RedisClient } from './client.ts'
import type { RecentWrites } from '../../ports.ts'
import { keys } from './keys.ts'

/**
 * The read-your-writes mark in Redis, so every process sees it: a write handled by one process sends
 * the writer's next reads, whichever process serves them, to the primary until the mark expires.
 * When Redis does not answer, `recent` says yes: the primary serves, which is never stale.
 */
export function createRedisRecentWrites(opts: { redis: RedisClient; windowMs: number }): RecentWrites {
  const { redis, windowMs } = opts
  return {
    async mark(userId) {
      await redis.set(keys.recentWrite(userId), '1', 'PX', windowMs).catch(() => {})
    },
    async recent(userId) {
      return redis.exists(keys.recentWrite(userId)).then(
        (n) => n > 0,
        () => true,
      )
    },
  }
}
