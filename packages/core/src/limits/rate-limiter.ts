import type { Redis } from 'ioredis'

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number }

/**
 * Fixed-window counters. Counted in Redis when configured (shared by every process), else in memory.
 * `hit` counts an attempt and answers in one atomic step, so attempts racing in parallel each get
 * their own number: with a limit of 10, the eleventh is refused however many arrive at once. Count
 * before doing the guarded work, never after it.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>
  reset(key: string): Promise<void>
}

export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>()
  return {
    // Synchronous from read to write: one event loop turn, so atomic within the process.
    async hit(key, limit, windowSeconds) {
      const t = now()
      let w = windows.get(key)
      if (!w || w.resetAt <= t) {
        w = { count: 0, resetAt: t + windowSeconds * 1000 }
        windows.set(key, w)
      }
      if (windows.size > 100_000) {
        for (const [k, v] of windows) if (v.resetAt <= t) windows.delete(k)
      }
      w.count++
      return { allowed: w.count <= limit, remaining: Math.max(0, limit - w.count), retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - t) / 1000)) }
    },
    async reset(key) {
      windows.delete(key)
    },
  }
}

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

export function createRedisRateLimiter(redis: Redis, prefix = 'rl:'): RateLimiter {
  return {
    async hit(key, limit, windowSeconds) {
      const [count, ttlMs] = (await redis.eval(HIT_SCRIPT, 1, prefix + key, windowSeconds * 1000)) as [number, number]
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) }
    },
    async reset(key) {
      await redis.del(prefix + key)
    },
  }
}
