import type { Redis } from 'ioredis'

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number }

/**
 * Fixed-window counters. Counted in Redis when configured (shared by every process), else in memory.
 * `peek` reads without counting, so a limiter can guard an action and count only its failures.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>
  peek(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>
  reset(key: string): Promise<void>
}

export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>()
  const current = (key: string, windowSeconds: number) => {
    const t = now()
    let w = windows.get(key)
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + windowSeconds * 1000 }
      windows.set(key, w)
    }
    if (windows.size > 100_000) {
      for (const [k, v] of windows) if (v.resetAt <= t) windows.delete(k)
    }
    return w
  }
  const result = (w: { count: number; resetAt: number }, limit: number): RateLimitResult => ({
    allowed: w.count <= limit,
    remaining: Math.max(0, limit - w.count),
    retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now()) / 1000)),
  })
  return {
    async hit(key, limit, windowSeconds) {
      const w = current(key, windowSeconds)
      w.count++
      return result(w, limit)
    },
    async peek(key, limit, windowSeconds) {
      const w = current(key, windowSeconds)
      return { ...result(w, limit), allowed: w.count < limit }
    },
    async reset(key) {
      windows.delete(key)
    },
  }
}

export function createRedisRateLimiter(redis: Redis, prefix = 'rl:'): RateLimiter {
  return {
    async hit(key, limit, windowSeconds) {
      const k = prefix + key
      const [[, count], [, ttl]] = (await redis.multi().incr(k).ttl(k).exec()) as [[null, number], [null, number]]
      let remainingTtl = ttl
      if (ttl < 0) {
        await redis.expire(k, windowSeconds)
        remainingTtl = windowSeconds
      }
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds: Math.max(1, remainingTtl) }
    },
    async peek(key, limit, windowSeconds) {
      const k = prefix + key
      const [[, raw], [, ttl]] = (await redis.multi().get(k).ttl(k).exec()) as [[null, string | null], [null, number]]
      const count = Number(raw ?? 0)
      return { allowed: count < limit, remaining: Math.max(0, limit - count), retryAfterSeconds: ttl > 0 ? ttl : windowSeconds }
    },
    async reset(key) {
      await redis.del(prefix + key)
    },
  }
}
