import type { RedisClient } from './client.ts'
import type { SessionCache } from '../../ports.ts'
import { SESSION_CACHE_SECONDS, type Viewer } from '../../types.ts'
import type { CircuitBreaker } from './circuit-breaker.ts'
import { keys } from './keys.ts'

const key = keys.session
const TOMBSTONE = 'revoked'
/** Replaces an entry only while it holds the text given. KEYS: the entry; ARGV: that text, the new one, seconds. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
return false`

declare module 'ioredis' {
  interface RedisCommander {
    /** RENEW, registered by createSessionCache. */
    mosaicRenewSession(key: string, cached: string, next: string, ttlSeconds: number): Promise<string | null>
  }
}
/** Sessions remembered for `recent`: about 200 bytes each. */
const SEEN_MAX = 50_000

/**
 * Sessions are looked up on every request: a short Redis cache spares Postgres the read. Postgres
 * stays the truth; the cache must never let a revoked token through. So:
 *
 * - Sign-out overwrites the entry with a tombstone (kept as long as any entry could live), and
 *   fills write only where there is no entry (SET NX): a request that read the session just before
 *   it was revoked cannot put it back.
 * - When the tombstone cannot be written (Redis erred, timed out, or its breaker is open), this
 *   process refuses the token from memory at once and keeps retrying the tombstone in the
 *   background until it lands or every older entry has expired.
 * - Other processes: while Redis does not answer them they read Postgres, which already says
 *   revoked. After their own breaker closes again they do not trust cache hits for one cache
 *   lifetime, so an entry that nobody could overwrite during the outage is never believed. What
 *   is left is a process that never lost Redis while this one could not reach it (a one-sided
 *   partition): it may serve the entry until the retry lands, at most SESSION_CACHE_SECONDS.
 *
 * Without Redis, adapters/memory's uncached sessions take this one's place.
 */
export function createSessionCache(opts: { redis: RedisClient; breaker?: CircuitBreaker | null; retryMs?: number; now?: () => number }): SessionCache {
  const { redis } = opts
  redis.defineCommand('mosaicRenewSession', { numberOfKeys: 1, lua: RENEW })
  const now = opts.now ?? Date.now
  const lifetimeMs = SESSION_CACHE_SECONDS * 1000
  /** Revoked here but maybe not in Redis yet: token hash → until when to refuse from memory. */
  const revoked = new Map<string, number>()
  let timer: NodeJS.Timeout | null = null
  let retrying = false
  /** What this process last read for each token hash (a bounded memory, oldest first), for `recent`. */
  const seen = new Map<string, { viewer: Viewer; cached: string }>()
  const distrusted = (tokenHash: string) => {
    const until = revoked.get(tokenHash)
    return (until !== undefined && until > now()) || (opts.breaker != null && now() - opts.breaker.recoveredAt < lifetimeMs)
  }

  const tombstone = (tokenHash: string) => redis.set(key(tokenHash), TOMBSTONE, 'EX', SESSION_CACHE_SECONDS)
  const retry = async () => {
    if (retrying) return
    retrying = true
    for (const [tokenHash, until] of revoked) {
      if (until <= now()) revoked.delete(tokenHash)
      else if (await tombstone(tokenHash).then(() => true, () => false)) revoked.delete(tokenHash)
    }
    retrying = false
    if (revoked.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }

  return {
    async get(tokenHash) {
      const until = revoked.get(tokenHash)
      if (until !== undefined && until > now()) return 'revoked'
      const raw = await redis.get(key(tokenHash)).catch(() => null)
      if (raw === TOMBSTONE) {
        seen.delete(tokenHash)
        return 'revoked'
      }
      // Right after an outage of our own, an entry may be one that a sign-out could not overwrite.
      if (!raw || (opts.breaker && now() - opts.breaker.recoveredAt < lifetimeMs)) return null
      const viewer = JSON.parse(raw) as Viewer
      seen.delete(tokenHash)
      seen.set(tokenHash, { viewer, cached: raw })
      if (seen.size > SEEN_MAX) seen.delete(seen.keys().next().value!)
      return viewer
    },
    recent(tokenHash) {
      return distrusted(tokenHash) ? null : (seen.get(tokenHash) ?? null)
    },
    async fill(tokenHash, viewer, ttlSeconds) {
      if (ttlSeconds > 0) await redis.set(key(tokenHash), JSON.stringify(viewer), 'EX', ttlSeconds, 'NX').catch(() => {})
    },
    async renew(tokenHash, cached, viewer, ttlSeconds) {
      if (ttlSeconds <= 0 || distrusted(tokenHash)) return
      const text = JSON.stringify(viewer)
      const renewed = await redis.mosaicRenewSession(key(tokenHash), cached, text, ttlSeconds).catch(() => null)
      // Remembered only if nothing (a sign-out here) forgot it meanwhile.
      if (renewed && seen.get(tokenHash)?.cached === cached) seen.set(tokenHash, { viewer, cached: text })
    },
    async evict(tokenHash) {
      seen.delete(tokenHash)
      try {
        await tombstone(tokenHash)
      } catch {
        // The margin covers an entry filled from a read that began just before the revocation.
        revoked.set(tokenHash, now() + lifetimeMs + 5000)
        timer ??= setInterval(() => void retry(), opts.retryMs ?? 500).unref()
      }
    },
    close() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
