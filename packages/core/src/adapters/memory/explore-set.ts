import type { ExploreCandidates } from '../../ports.ts'
import type { ExploreSet } from '../../types.ts'

/** Explore's candidate set in this process: embedded mode, where the in-process timer refreshes it. */
export function createMemoryExploreSet(): ExploreCandidates {
  let current: ExploreSet | null = null
  return {
    async load() {
      return current
    },
    async save(set) {
      current = set
    },
  }
}
