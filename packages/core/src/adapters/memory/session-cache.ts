import type { SessionCache } from '../../ports.ts'

/**
 * Without Redis nothing is cached: every lookup reads Postgres, the truth. (An in-process copy
 * would not hear of a sign-out handled by another process sharing the same Postgres.)
 */
export function createUncachedSessions(): SessionCache {
  return {
    get: async () => null,
    fill: async () => {},
    evict: async () => {},
    close: () => {},
  }
}
