import type { RedisClient } from './client.ts'
import type { ExploreCandidates } from '../../ports.ts'
import type { ExploreSet } from '../../types.ts'
import { keys } from './keys.ts'

/**
 * Explore's candidate set in Redis, shared by every process: the worker writes it, requests read
 * it. Each process keeps the parsed set and reads only its version (a few bytes) per request, the
 * whole set (tens of kilobytes) only when the worker has written a new one. While Redis does not
 * answer, the set this process last saw keeps serving.
 */
export function createRedisExploreSet(redis: RedisClient): ExploreCandidates {
  let cached: ExploreSet | null = null
  return {
    async load() {
      try {
        const version = await redis.get(keys.exploreVersion())
        if (version === null) return null
        if (cached && String(cached.computedAt) === version) return cached
        const raw = await redis.get(keys.exploreSet())
        if (raw === null) return null
        cached = JSON.parse(raw) as ExploreSet
        return cached
      } catch {
        return cached
      }
    },
    async save(set) {
      cached = set
      // Redis away: this process serves what it computed; the others keep theirs until the next refresh.
      await redis.multi().set(keys.exploreSet(), JSON.stringify(set)).set(keys.exploreVersion(), String(set.computedAt)).exec().catch(() => {})
    },
  }
}
