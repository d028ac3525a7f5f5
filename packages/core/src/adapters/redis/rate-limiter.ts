import type { RedisClient } from './client.ts'
import type { RateLimiter } from '../../ports.ts'
import { keys } from './keys.ts'

// INCR and the window's expiry in one script: no caller sees a count without its window, and a
// process dying between the two cannot leave a counter that never expires.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`

/** Counted in Redis: shared by every process. */
export function createRedisRateLimiter(redis: RedisClient): RateLimiter {
  return {
    async hit(key, limit, windowSeconds) {
      const [count, ttlMs] = (await redis.eval(HIT_SCRIPT, 1, keys.rateLimit(key), windowSeconds * 1000)) as [number, number]
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) }
    },
    async reset(key) {
      await redis.del(keys.rateLimit(key))
    },
  }
}
