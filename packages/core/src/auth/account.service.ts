import { and, eq, isNull, ne, schema, sql, type Queryable } from '@mosaic/db'
import type { ChangeEmailInput, ChangePasswordInput } from '@mosaic/validators'
import { uniqueViolation } from '../db-errors.ts'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError, notFound } from '../errors.ts'
import { confirmPassword } from './attempts.ts'
import { hashPassword } from './password.ts'
import { endSessions, evictAll } from './sessions.service.ts'

const { users, passwordResets } = schema

type Deps = Pick<CoreDeps, 'db' | 'clock' | 'limiter' | 'authLimits' | 'sessionCache'>

async function credentialsOf(deps: Pick<CoreDeps, 'db'>, viewer: Viewer) {
  const [row] = await deps.db.select({ id: users.id, email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, viewer.id)).limit(1)
  if (!row) throw notFound('That account')
  return row
}

/** Reset links already mailed stop working once the password or the address they went to changes. */
export async function retireResetLinks(tx: Queryable, userId: string, now: Date) {
  await tx.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)))
}

/** Needs the current password; every other session of the account is signed out at once. */
export async function changePassword(deps: Deps, viewer: Viewer, input: ChangePasswordInput, ip: string): Promise<void> {
  const account = await credentialsOf(deps, viewer)
  await confirmPassword(deps, account, input.oldPassword, ip, 'oldPassword')
  if (input.newPassword === input.oldPassword) throw new DomainError('BAD_REQUEST', 'Choose a password different from the current one', { field: 'newPassword' })
  const passwordHash = await hashPassword(input.newPassword)
  const now = deps.clock.now()
  const ended = await deps.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, viewer.id))
    await retireResetLinks(tx, viewer.id, now)
    return endSessions(tx, viewer.id, viewer.sessionId, now)
  })
  await evictAll(deps, ended)
}

/** Needs the password; an address another account holds answers CONFLICT. */
export async function changeEmail(deps: Deps, viewer: Viewer, input: ChangeEmailInput, ip: string): Promise<void> {
  const account = await credentialsOf(deps, viewer)
  await confirmPassword(deps, account, input.password, ip, 'password')
  if (account.email.toLowerCase() === input.email) return
  const taken = () => new DomainError('CONFLICT', 'An account with that email already exists', { field: 'email' })
  const [other] = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${input.email}`, ne(users.id, viewer.id)))
    .limit(1)
  if (other) throw taken()
  const now = deps.clock.now()
  try {
    await deps.db.transaction(async (tx) => {
      await tx.update(users).set({ email: input.email, updatedAt: now }).where(eq(users.id, viewer.id))
      await retireResetLinks(tx, viewer.id, now)
    })
  } catch (err) {
    // Two accounts racing for one address: the unique index decides.
    if (uniqueViolation(err) !== null) throw taken()
    throw err
  }
}
