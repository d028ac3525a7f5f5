import type { RateLimiter } from '../../ports.ts'

/** Counted in this process: embedded mode, and the fallback while Redis does not answer. */
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
