import type { RecentWrites } from '../../ports.ts'

/**
 * The read-your-writes mark in this process only: for one process (no Redis), and as the writing
 * process's own copy beside Redis, should Redis miss the mark.
 */
export function createMemoryRecentWrites(opts: { windowMs: number; now?: () => number }): RecentWrites {
  const now = opts.now ?? (() => performance.now())
  /** user id → until when their reads go to the primary. */
  const until = new Map<string, number>()
  let pruned = now()
  return {
    async mark(userId) {
      const t = now()
      // Forget expired marks once a window, so the map holds about two windows' writers.
      if (t - pruned > opts.windowMs) {
        pruned = t
        for (const [id, end] of until) if (end <= t) until.delete(id)
      }
      until.set(userId, t + opts.windowMs)
    },
    async recent(userId) {
      const end = until.get(userId)
      if (end === undefined) return false
      if (end > now()) return true
      until.delete(userId)
      return false
    },
  }
}
