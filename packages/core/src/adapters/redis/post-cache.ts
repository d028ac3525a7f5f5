import type { Queryable } from '@mosaic/db'
import type { Redis } from 'ioredis'
import type { loadPostCores } from '../../posts/post.shape.ts'
import type { PostCache } from '../../ports.ts'
import type { PostCore } from '../../types.ts'
import { createCoalescingLoader, settle } from '../memory/post-cache.ts'
import { keys } from './keys.ts'

const CACHE_TTL_SECONDS = 3600

/**
 * Post cores from Redis, filled from Postgres on a miss with request coalescing (one database read
 * per missing post however many readers wait). A Redis that does not answer counts as a miss.
 */
export function createPostCache(opts: { db: Queryable; redis: Redis; load?: typeof loadPostCores }): PostCache {
  const { redis } = opts
  const fill = createCoalescingLoader(opts.db, opts.load, async (found) => {
    const pipe = redis.pipeline()
    for (const core of found.values()) pipe.set(keys.post(core.id), JSON.stringify(core), 'EX', CACHE_TTL_SECONDS)
    await pipe.exec().catch(() => {})
  })

  return {
    async getMany(ids: string[]): Promise<Map<string, PostCore>> {
      const out = new Map<string, PostCore>()
      if (ids.length === 0) return out
      const cached = await redis.mget(...ids.map(keys.post)).catch(() => ids.map(() => null))
      const misses: string[] = []
      ids.forEach((id, i) => {
        const hit = cached[i]
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
