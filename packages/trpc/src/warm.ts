import { auth, feed, type Viewer, type WarmSession } from '@mosaic/core'
import { feedHomeInput } from '@mosaic/validators'
import type { ApiDeps, Context } from './trpc.ts'

/**
 * A query answered as JSON text without the router, where a spliced answer exists: today
 * `feed.home`'s warm page (core feed/warm.ts), for a signed-in viewer and a valid input, as the
 * procedure's own checks would have it. Null: call the procedure, which answers everything else
 * (refusals included) as always. Tried once per call: `ctx.splicedTried` says it was.
 */
export async function answerSpliced(ctx: Context, path: string, input: unknown): Promise<string | null> {
  if (!ctx.viewer || ctx.badBearer || ctx.splicedTried) return null
  const page = await warmAnswer(ctx.deps, ctx.viewer, path, input)
  ctx.splicedTried = true
  return page !== null && page !== 'cold' ? page.json : null
}

/**
 * The same before any context is made, from the token alone: for a session this process read from
 * the cache lately, the page's one script also checks that the cache still holds just that session
 * (signed out, expired, revoked by another process: it does not). Null sends the call the usual way,
 * which reads the session and refuses it or answers; 'cold' too, but the session was held and the
 * page is not warm: that way need not try the warm page again. A warm page costs one Redis round trip.
 */
export async function answerSplicedByToken(deps: ApiDeps, token: string, path: string, input: unknown): Promise<feed.WarmAnswer> {
  if (path !== 'feed.home' || !deps.warmPages || !deps.sessionCache.recent || !auth.isWellFormedToken(token)) return null
  const tokenHash = auth.hashToken(token)
  const known = deps.sessionCache.recent(tokenHash)
  if (!known) return null
  const page = await warmAnswer(deps, known.viewer, path, input, { tokenHash, cached: known.cached })
  // The session's cache entry is near its end: renewed from Postgres now, off the request path,
  // rather than read on a later request when it has run out (each entry renewed once at a time).
  if (page !== null && page !== 'cold' && page.sessionTtlMs >= 0 && page.sessionTtlMs < RENEW_BELOW_MS && !renewing.has(tokenHash)) {
    renewing.add(tokenHash)
    void auth.renewSession(deps, tokenHash, known.cached).catch(() => {}).finally(() => renewing.delete(tokenHash))
  }
  return page
}

/** A session entry with less than a third of its lifetime left is renewed after the page. */
const RENEW_BELOW_MS = (auth.SESSION_CACHE_SECONDS * 1000) / 3
const renewing = new Set<string>()

async function warmAnswer(deps: ApiDeps, viewer: Viewer, path: string, input: unknown, session?: WarmSession): Promise<feed.WarmAnswer> {
  if (path !== 'feed.home' || !deps.warmPages) return null
  const parsed = feedHomeInput.safeParse(input)
  if (!parsed.success) return null
  const started = performance.now()
  const page = await feed.warmHomePage(deps, viewer, parsed.data, session).catch(() => null)
  if (page !== null && page !== 'cold') deps.observe?.(path, 'query', (performance.now() - started) / 1000, 'ok')
  return page
}
