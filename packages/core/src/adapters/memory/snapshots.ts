import { randomBytes } from 'node:crypto'
import type { RankSnapshots } from '../../ports.ts'
import { SNAPSHOT_TTL_SECONDS } from '../../types.ts'

/** Ranked snapshots in this process: embedded mode, and the fallback while Redis does not answer. */
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
