import { rows, sql, type Queryable } from '@mosaic/db'
import type { Redis } from 'ioredis'
import { loadPostCores, visibleInFeed, type PostCore } from '../posts/post.shape.ts'
import { keys } from './keys.ts'

const CACHE_TTL_SECONDS = 3600

/**
 * Post cores from Redis, filled from Postgres on a miss with request coalescing: however many
 * readers miss the same post at once, one database read fills it.
 */
export function createPostCache(opts: { db: Queryable; redis: Redis | null; load?: typeof loadPostCores }) {
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

export type PostCache = ReturnType<typeof createPostCache>

/** What `top` ranks by, for candidates the viewer may still see: one light indexed query. */
export async function candidateCounts(db: Queryable, viewerId: string, ids: string[]) {
  if (ids.length === 0) return []
  const list = await rows<{ id: string; t: string | number; like_count: number; comment_count: number }>(
    db,
    sql`select p.id, (extract(epoch from p.created_at) * 1000)::bigint as t, p.like_count, p.comment_count from posts p
        where p.id = any(${`{${ids.join(',')}}`}::uuid[]) and ${visibleInFeed(viewerId)}`,
  )
  return list.map((r) => ({ id: r.id, createdAtMs: Number(r.t), likeCount: r.like_count, commentCount: r.comment_count }))
}

