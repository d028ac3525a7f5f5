import { randomBytes } from 'node:crypto'

/**
 * Ranked lists frozen at a client's first page, so walking the pages of a ranking that changes
 * underneath (new likes, new posts) never repeats or skips an item.
 */
export interface RankSnapshots {
  save(ids: string[]): Promise<string>
  load(id: string): Promise<string[] | null>
}

export const SNAPSHOT_TTL_SECONDS = 30 * 60

export function createMemorySnapshots(now: () => number = Date.now): RankSnapshots {
  const store = new Map<string, { ids: string[]; expires: number }>()
  return {
    async save(ids) {
      const t = now()
      for (const [k, v] of store) if (v.expires < t) store.delete(k)
      const id = randomBytes(9).toString('base64url')
      store.set(id, { ids, expires: t + SNAPSHOT_TTL_SECONDS * 1000 })
      return id
    },
    async load(id) {
      const hit = store.get(id)
      return hit && hit.expires >= now() ? hit.ids : null
    },
  }
}
