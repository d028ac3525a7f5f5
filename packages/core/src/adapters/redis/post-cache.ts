import type { Queryable } from '@mosaic/db'
import type { Redis } from 'ioredis'
import { loadPostCores } from '../../posts/post.shape.ts'
import type { PostCache } from '../../ports.ts'
import type { PostCore } from '../../types.ts'
import { keys } from './keys.ts'

const CACHE_TTL_SECONDS = 3600

/**
 * Post cores from Redis, filled from Postgres on a miss with request coalescing: however many
 * readers miss the same post at once, one database read fills it. Without Redis (`redis: null`)
 * only the coalescing remains.
 */
export function createPostCache(opts: { db: Queryable; redis: Redis | null; load?: typeof loadPostCores }): PostCache {
  const load = opts.load ?? loadPostCores
  const inFlight = new Map<string, Promise<PostCore | undefined>>()

  const fill = (ids: string[]): Map<string, Promise<PostCore | undefined>> => {
    const result = new Map<string, Promise<PostCore | undefined>>()
    const todo = ids.filter((id) => {
      const waiting = inFlight.get(id)
      if (waiting) result.set(id, waiting)
      return !waiting
    })
    if (todo.length > 0) {
      const batch = load(opts.db, todo).then(async (found) => {
        if (opts.redis && found.size > 0) {
          const pipe = opts.redis.pipeline()
          for (const core of found.values()) pipe.set(keys.post(core.id), JSON.stringify(core), 'EX', CACHE_TTL_SECONDS)
          await pipe.exec().catch(() => {})
        }
        return found
      })
      for (const id of todo) {
        const p = batch.then((found) => found.get(id)).finally(() => inFlight.delete(id))
        // A waiter that gave up (its request failed first) must not leave the rejection unhandled.
        p.catch(() => {})
        inFlight.set(id, p)
        result.set(id, p)
      }
    }
    return result
  }

  return {
    async getMany(ids: string[]): Promise<Map<string, PostCore>> {
      const out = new Map<string, PostCore>()
      let misses = ids
      if (opts.redis && ids.length > 0) {
        const cached = await opts.redis.mget(...ids.map(keys.post)).catch(() => ids.map(() => null))
        misses = []
        ids.forEach((id, i) => {
          const hit = cached[i]
          if (hit) out.set(id, JSON.parse(hit) as PostCore)
          else misses.push(id)
        })
      }
      const filled = [...fill(misses)]
      const cores = await Promise.all(filled.map(([, p]) => p))
      filled.forEach(([id], i) => {
        const core = cores[i]
        if (core) out.set(id, core)
      })
      return out
    },
    async invalidate(id: string) {
      await opts.redis?.del(keys.post(id)).catch(() => {})
    },
  }
}
