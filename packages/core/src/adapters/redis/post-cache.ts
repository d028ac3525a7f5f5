import type { Queryable } from '@mosaic/db'
import type { loadPostCores } from '../../posts/post.shape.ts'
import type { PostCache } from '../../ports.ts'
import type { PostCore } from '../../types.ts'
import { createCoalescingLoader, settle } from '../memory/post-cache.ts'
import { mgetAcrossSlots, pipelineAcrossSlots, type RedisClient } from './client.ts'
import { keys } from './keys.ts'
import { stamped, unstamped } from './stamp.ts'

const CACHE_TTL_SECONDS = 3600

/**
 * Post cores from Redis, filled from Postgres on a miss with request coalescing (one database read
 * per missing post however many readers wait). A Redis that does not answer counts as a miss. Each
 * is cached stamped with its author (stamp.ts), for warm pages (warm-pages.ts).
 */
export function createPostCache(opts: { db: Queryable; redis: RedisClient; load?: typeof loadPostCores }): PostCache {
  const { redis } = opts
  const fill = createCoalescingLoader(opts.db, opts.load, async (found) => {
    await pipelineAcrossSlots(redis, [...found.values()], (core) => keys.post(core.id), (pipe, core) => pipe.set(keys.post(core.id), stamped(JSON.stringify(core), core.authorId), 'EX', CACHE_TTL_SECONDS)).catch(() => {})
  })

  return {
    async getMany(ids: string[]): Promise<Map<string, PostCore>> {
      const out = new Map<string, PostCore>()
      if (ids.length === 0) return out
      // Each post is its own slot: on a cluster, one MGET per slot and one pipeline per node.
      const cached = await mgetAcrossSlots(redis, ids.map(keys.post)).catch(() => ids.map(() => null))
      const misses: string[] = []
      ids.forEach((id, i) => {
        // A core cached without its stamp (by an older version) is cached again with it.
        const hit = cached[i] && unstamped(cached[i])
        if (hit) out.set(id, JSON.parse(hit) as PostCore)
        else misses.push(id)
      })
      return settle(fill(misses), out)
    },
    async invalidate(id: string) {
      await redis.del(keys.post(id)).catch(() => {})
    },
  }
}
