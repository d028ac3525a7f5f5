import { and, desc, eq, gt, isNull, lt, ne, schema, type Queryable } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { notFound } from '../errors.ts'

const { sessions } = schema

/** `lastUsedAt` moves at most this often per session, so a busy session costs no write per request. */
export const TOUCH_INTERVAL_MS = 60_000

export type SessionInfo = { id: string; userAgent: string | null; createdAt: string; lastUsedAt: string; current: boolean }

/**
 * Records that a session was used, when its last record is older than a minute. Called where the
 * session is read from Postgres anyway: with Redis that is once per cache lifetime (a minute);
 * without it, every request reads and only a stale one writes.
 */
export async function touchSession(deps: Pick<CoreDeps, 'db'>, sessionId: string, lastUsedAt: Date) {
  const now = Date.now()
  if (now - lastUsedAt.getTime() < TOUCH_INTERVAL_MS) return
  // The condition keeps racing requests of one session from writing twice.
  await deps.db
    .update(sessions)
    .set({ lastUsedAt: new Date(now) })
    .where(and(eq(sessions.id, sessionId), lt(sessions.lastUsedAt, new Date(now - TOUCH_INTERVAL_MS))))
}

/** The viewer's live sessions, the most recently used first. */
export async function listSessions(deps: Pick<CoreDeps, 'db' | 'clock'>, viewer: Viewer): Promise<SessionInfo[]> {
  const rows = await deps.db
    .select({ id: sessions.id, userAgent: sessions.userAgent, createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt })
    .from(sessions)
    .where(and(eq(sessions.userId, viewer.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, deps.clock.now())))
    .orderBy(desc(sessions.lastUsedAt), desc(sessions.id))
    .limit(200)
  return rows.map((r) => ({
    id: r.id,
    userAgent: r.userAgent,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt.toISOString(),
    current: r.id === viewer.sessionId,
  }))
}

/** Signs one of the viewer's own sessions out; anyone else's id answers as a missing one. */
export async function revokeSession(deps: Pick<CoreDeps, 'db' | 'clock' | 'sessionCache'>, viewer: Viewer, id: string): Promise<void> {
  const now = deps.clock.now()
  const [row] = await deps.db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), eq(sessions.userId, viewer.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .returning({ tokenHash: sessions.tokenHash })
  if (!row) throw notFound('That session')
  await deps.sessionCache.evict(row.tokenHash)
}

/**
 * Revokes every live session of a user but `keep` (in the caller's transaction) and returns their
 * token hashes: the caller evicts them from the session cache once the transaction has committed.
 */
export async function endSessions(tx: Queryable, userId: string, keep: string | null, now: Date): Promise<string[]> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined))
    .returning({ tokenHash: sessions.tokenHash })
  return rows.map((r) => r.tokenHash)
}

export async function evictAll(deps: Pick<CoreDeps, 'sessionCache'>, tokenHashes: string[]) {
  await Promise.all(tokenHashes.map((h) => deps.sessionCache.evict(h)))
}
