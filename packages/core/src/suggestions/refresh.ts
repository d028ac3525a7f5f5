import type { CoreDeps } from '../deps.ts'
import type { SuggestionCache } from '../ports.ts'
import type { CachedSuggestions } from '../types.ts'
import { computeSuggestions, mostFollowed } from './compute.ts'

type ComputeDeps = Pick<CoreDeps, 'db' | 'suggestionCache'>

/** The most followed accounts change slowly: one scan of users a minute serves every computation. */
export const POPULAR_FRESH_MS = 60_000

/** The most followed accounts, from the cache while it is fresh. */
async function popular(deps: ComputeDeps, now: number): Promise<string[]> {
  const cached = await deps.suggestionCache.popular()
  if (cached && now - cached.computedAt < POPULAR_FRESH_MS) return cached.ids
  const ids = await mostFollowed(deps.db)
  await deps.suggestionCache.setPopular({ computedAt: now, ids })
  return ids
}

/** Computes one person's list and caches it: the worker's job, and a first request's inline fill. */
export async function refreshSuggestions(deps: ComputeDeps, userId: string): Promise<CachedSuggestions> {
  const fallback = await popular(deps, Date.now())
  // Taken just before the walk: a later change enqueues a job whose list will carry a later time.
  const list = await computeSuggestions(deps.db, userId, fallback, Date.now())
  await deps.suggestionCache.set(userId, list)
  return list
}

// Requests of one person that miss the cache at once share one computation.
const inFlight = new WeakMap<SuggestionCache, Map<string, Promise<CachedSuggestions>>>()

export function refreshOnce(deps: ComputeDeps, userId: string): Promise<CachedSuggestions> {
  const mine = inFlight.get(deps.suggestionCache) ?? new Map<string, Promise<CachedSuggestions>>()
  inFlight.set(deps.suggestionCache, mine)
  const running = mine.get(userId)
  if (running) return running
  const p = refreshSuggestions(deps, userId).finally(() => mine.delete(userId))
  mine.set(userId, p)
  return p
}

/**
 * After `userId` follows, unfollows, blocks or unblocks: their list is recomputed by the worker.
 * Changes within one debounce window share a job id, and the job waits for the window to close,
 * so a burst of follows costs one computation that sees all of them. Never throws: the change has
 * committed, and until the job runs, reads already drop whoever the change concerns.
 */
export async function suggestionsChanged(deps: Pick<CoreDeps, 'queue' | 'suggestionConfig'>, userId: string, now = Date.now()): Promise<void> {
  const window = deps.suggestionConfig.debounceMs
  const slot = window > 0 ? Math.floor(now / window) : now
  const delayMs = window > 0 ? (slot + 1) * window - now : 0
  await deps.queue.enqueue('suggestions.refresh', { userId }, { jobId: `suggest-${userId}-${slot}`, delayMs }).catch(() => {})
}
