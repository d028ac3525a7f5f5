import type { SuggestionCache } from '../../ports.ts'
import { SUGGESTIONS_TTL_SECONDS, type CachedPopular, type CachedSuggestions } from '../../types.ts'

/**
 * Who-to-follow lists in this process: embedded mode, and the fallback while Redis does not
 * answer. Bounded: past `maxUsers` the least recently read list goes (it is recomputed on demand).
 */
export function createMemorySuggestionCache(opts: { maxUsers?: number; now?: () => number } = {}): SuggestionCache {
  const now = opts.now ?? Date.now
  const maxUsers = opts.maxUsers ?? 10_000
  const lists = new Map<string, { list: CachedSuggestions; expires: number }>()
  let popular: CachedPopular | null = null
  return {
    async get(userId) {
      const hit = lists.get(userId)
      if (!hit) return null
      lists.delete(userId)
      if (hit.expires < now()) return null
      lists.set(userId, hit)
      return hit.list
    },
    async set(userId, list) {
      const had = lists.get(userId)
      if (had && had.expires >= now() && had.list.computedAt > list.computedAt) return
      lists.delete(userId)
      lists.set(userId, { list, expires: now() + SUGGESTIONS_TTL_SECONDS * 1000 })
      for (const oldest of lists.keys()) {
        if (lists.size <= maxUsers) break
        lists.delete(oldest)
      }
    },
    async popular() {
      return popular
    },
    async setPopular(list) {
      popular = list
    },
    async forget(userId) {
      lists.delete(userId)
      if (popular) popular = { ...popular, ids: popular.ids.filter((id) => id !== userId) }
    },
  }
}
