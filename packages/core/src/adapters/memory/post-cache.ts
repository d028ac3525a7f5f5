import type { Queryable } from '@mosaic/db'
import { loadPostCores } from '../../posts/post.shape.ts'
import type { PostCache } from '../../ports.ts'
import type { PostCore } from '../../types.ts'

type Load = typeof loadPostCores
type Pending = Map<string, Promise<PostCore | undefined>>

/**
 * Reads post cores from Postgres with request coalescing: however many readers miss the same post
 * at once, one database read serves them all. `stored` runs once per read, with what it found.
 */
export function createCoalescingLoader(db: Queryable, load: Load = loadPostCores, stored: (found: Map<string, PostCore>) => Promise<void> = async () => {}) {
  const inFlight: Pending = new Map()
  return (ids: string[]): Pending => {
    const result: Pending = new Map()
    const todo = ids.filter((id) => {
      const waiting = inFlight.get(id)
      if (waiting) result.set(id, waiting)
      return !waiting
    })
    if (todo.length === 0) return result
    const batch = load(db, todo).then(async (found) => {
      if (found.size > 0) await stored(found)
      return found
    })
    for (const id of todo) {
      const p = batch.then((found) => found.get(id)).finally(() => inFlight.delete(id))
      // A waiter that gave up (its request failed first) must not leave the rejection unhandled.
      p.catch(() => {})
      inFlight.set(id, p)
      result.set(id, p)
    }
    return result
  }
}

/** Waits for every pending read and keeps the posts that exist. */
export async function settle(pending: Pending, into = new Map<string, PostCore>()): Promise<Map<string, PostCore>> {
  const entries = [...pending]
  const cores = await Promise.all(entries.map(([, p]) => p))
  entries.forEach(([id], i) => {
    const core = cores[i]
    if (core) into.set(id, core)
  })
  return into
}

/**
 * Without Redis: coalesced reads and nothing kept afterwards. Several processes may share one
 * Postgres without Redis, and a copy kept here would not hear of another process's edit.
 */
export function createMemoryPostCache(opts: { db: Queryable; load?: Load }): PostCache {
  const fill = createCoalescingLoader(opts.db, opts.load)
  return {
    getMany: (ids) => settle(fill(ids)),
    invalidate: async () => {},
  }
}
