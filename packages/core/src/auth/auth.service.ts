import { and, eq, gt, isNull, or, schema, sql } from '@mosaic/db'
import type { SignInInput, SignUpInput } from '@mosaic/validators'
import { uniqueViolation } from '../db-errors.ts'
import type { CoreDeps } from '../deps.ts'
import { DomainError } from '../errors.ts'
import { limitAddress } from '../limits/address.ts'
import { SESSION_CACHE_SECONDS, type AuthLimits, type Viewer } from '../types.ts'
import { summaryColumns, toSummary, type UserSummary } from '../users/user.shape.ts'
import { signInKeys, spendAttempt } from './attempts.ts'
import { dummyHash, hashPassword, verifyPassword } from './password.ts'
import { touchSession } from './sessions.service.ts'
import { hashToken, isWellFormedToken, newSessionToken } from './token.ts'

const { users, sessions } = schema

export const SESSION_TTL_SECONDS = 30 * 24 * 3600

export type { AuthLimits }

export type ClientMeta = { ip: string; userAgent?: string | undefined }
export type AuthResult = { user: UserSummary; token: string; expiresAt: Date }

type Deps = Pick<CoreDeps, 'db' | 'limiter' | 'urls' | 'authLimits'>

async function startSession(deps: Pick<CoreDeps, 'db'>, userId: string, meta: ClientMeta) {
  const token = newSessionToken()
  const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000)
  await deps.db.insert(sessions).values({
    userId,
    tokenHash: hashToken(token),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 512) ?? null,
    expiresAt,
  })
  return { token, expiresAt }
}

export async function signUp(deps: Deps, input: SignUpInput, meta: ClientMeta): Promise<AuthResult> {
  // Counted per attempt, before the lookups and the password hash that an attacker would make us pay for.
  const r = await deps.limiter.hit(`signup:addr:${limitAddress(meta.ip)}`, deps.authLimits.signUpsPerAddressPerHour, 3600)
  if (!r.allowed) {
    const minutes = Math.ceil(r.retryAfterSeconds / 60)
    throw new DomainError('TOO_MANY_REQUESTS', `Too many accounts created from this network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
      retryAfterSeconds: r.retryAfterSeconds,
    })
  }
  const taken = await deps.db
    .select({ username: users.username, email: users.email })
    .from(users)
    .where(or(sql`lower(${users.username}) = ${input.username}`, sql`lower(${users.email}) = ${input.email}`))
    .limit(2)
  const conflict = (field: 'username' | 'email') =>
    new DomainError('CONFLICT', field === 'username' ? 'That username is taken' : 'An account with that email already exists', { field })
  if (taken.some((t) => t.username === input.username)) throw conflict('username')
  if (taken.length > 0) throw conflict('email')

  const passwordHash = await hashPassword(input.password)
  try {
    return await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ username: input.username, email: input.email, passwordHash, displayName: input.displayName ?? '' })
        .returning(summaryColumns)
      if (!row) throw new Error('insert returned no row')
      const session = await startSession({ db: tx }, row.id, meta)
      return { user: toSummary(row, deps.urls), ...session }
    })
  } catch (err) {
    // Two sign-ups racing for one name: the unique index decides, the loser gets the same answer.
    const constraint = uniqueViolation(err)
    if (constraint !== null) throw conflict(constraint.includes('email') ? 'email' : 'username')
    throw err
  }
}

export async function signIn(deps: Deps, input: SignInInput, meta: ClientMeta): Promise<AuthResult> {
  const l = deps.authLimits
  const address = limitAddress(meta.ip)
  const spend = (key: string, limit: number) => spendAttempt(deps, key, limit, l.signInWindowSeconds, 'sign-in attempts')
  // Narrowest last: an attempt refused for the address never reaches the account's allowance, so
  // one address hammering an account spends its own allowance, not the owner's.
  await spend(signInKeys.address(address), l.signInPerAddress)
  const [row] = await deps.db
    .select({ ...summaryColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(input.login.includes('@') ? sql`lower(${users.email}) = ${input.login}` : sql`lower(${users.username}) = ${input.login}`)
    .limit(1)
  if (row) {
    await spend(signInKeys.accountAddress(row.id, address), l.signInPerAccountAddress)
    await spend(signInKeys.account(row.id), l.signInPerAccount)
  }
  const ok = await verifyPassword(row?.passwordHash ?? (await dummyHash()), input.password)
  if (!row || !ok) throw new DomainError('UNAUTHORIZED', 'Incorrect username or password', { field: 'password' })
  // The owner is back from this address: their typos there are forgiven.
  await deps.limiter.reset(signInKeys.accountAddress(row.id, address))
  const session = await startSession(deps, row.id, meta)
  return { user: toSummary(row, deps.urls), ...session }
}

type SessionDeps = Pick<CoreDeps, 'db' | 'sessionCache'>

export async function signOut(deps: SessionDeps, viewer: Viewer): Promise<void> {
  const [row] = await deps.db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(eq(sessions.id, viewer.sessionId))
    .returning({ tokenHash: sessions.tokenHash })
  if (row) await deps.sessionCache.evict(row.tokenHash)
}

/** The viewer a token stands for, or null when it is malformed, unknown, revoked or expired. */
export async function resolveSession(deps: SessionDeps, token: string): Promise<Viewer | null> {
  if (!isWellFormedToken(token)) return null
  const tokenHash = hashToken(token)
  const cached = await deps.sessionCache.get(tokenHash)
  if (cached === 'revoked') return null
  if (cached) return cached
  const read = await readSession(deps, tokenHash)
  if (read) await deps.sessionCache.fill(tokenHash, read.viewer, read.cacheSeconds)
  return read?.viewer ?? null
}

/** A live session from Postgres (its use noted), and how long it may be cached; null when revoked, expired or unknown. */
async function readSession(deps: SessionDeps, tokenHash: string): Promise<{ viewer: Viewer; cacheSeconds: number } | null> {
  const [row] = await deps.db
    .select({ sessionId: sessions.id, id: users.id, username: users.username, expiresAt: sessions.expiresAt, lastUsedAt: sessions.lastUsedAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
    .limit(1)
  if (!row) return null
  await touchSession(deps, row.sessionId, row.lastUsedAt)
  return { viewer: { sessionId: row.sessionId, id: row.id, username: row.username }, cacheSeconds: Math.min(SESSION_CACHE_SECONDS, Math.floor((row.expiresAt.getTime() - Date.now()) / 1000)) }
}

/**
 * A session read from the cache that is about to run out, read again from Postgres and its entry
 * renewed, off the request path: a reader who keeps reading never waits for that read. The entry
 * is replaced only while it holds `cached`; a session revoked or expired meanwhile is left to run out.
 */
export async function renewSession(deps: SessionDeps, tokenHash: string, cached: string): Promise<void> {
  if (!deps.sessionCache.renew) return
  const read = await readSession(deps, tokenHash)
  if (read) await deps.sessionCache.renew(tokenHash, cached, read.viewer, read.cacheSeconds)
}

/** The signed-in person; `isAdmin` is told to them alone, never about anyone else. */
export async function me(deps: Pick<CoreDeps, 'db' | 'urls'>, viewer: Viewer): Promise<(UserSummary & { isAdmin?: boolean }) | null> {
  const [row] = await deps.db.select({ ...summaryColumns, isAdmin: users.isAdmin }).from(users).where(eq(users.id, viewer.id)).limit(1)
  return row ? { ...toSummary(row, deps.urls), isAdmin: row.isAdmin } : null
}
