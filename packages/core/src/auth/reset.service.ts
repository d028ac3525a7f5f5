import { and, eq, gt, isNull, schema, sql } from '@mosaic/db'
import type { RequestPasswordResetInput, ResetPasswordInput } from '@mosaic/validators'
import type { CoreDeps } from '../deps.ts'
import { DomainError, notFound } from '../errors.ts'
import { limitAddress } from '../limits/address.ts'
import { retireResetLinks } from './account.service.ts'
import { spendAttempt } from './attempts.ts'
import { hashPassword } from './password.ts'
import { endSessions, evictAll } from './sessions.service.ts'
import { hashToken, isWellFormedToken, newSessionToken } from './token.ts'

const { users, passwordResets } = schema

export const RESET_TTL_SECONDS = 3600
/** Reset mails asked for from one address, and for one email address, per hour. */
const RESETS_PER_ADDRESS = 10
const RESETS_PER_EMAIL = 5
/** Links tried from one address per hour: guessing a 256-bit token is hopeless, but each try costs a password hash. */
const RESET_USES_PER_ADDRESS = 30

type Deps = Pick<CoreDeps, 'db' | 'clock' | 'limiter' | 'mailer' | 'publicUrl'>

/** A one-time link that sets a new password for the account; the table holds only its hash. */
async function issueLink(deps: Pick<CoreDeps, 'db' | 'clock' | 'publicUrl'>, userId: string): Promise<string> {
  const token = newSessionToken()
  const now = deps.clock.now()
  await deps.db.insert(passwordResets).values({ userId, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + RESET_TTL_SECONDS * 1000) })
  return `${deps.publicUrl.replace(/\/+$/, '')}/reset-password?token=${token}`
}

async function mailLink(deps: Deps, email: string) {
  const [user] = await deps.db.select({ id: users.id, username: users.username, email: users.email }).from(users).where(sql`lower(${users.email}) = ${email}`).limit(1)
  if (!user) return
  const link = await issueLink(deps, user.id)
  await deps.mailer.send({
    to: user.email,
    subject: 'Reset your Mosaic password',
    text: [
      `Someone asked to reset the password of @${user.username} on Mosaic.`,
      '',
      'Open this link within an hour to choose a new password (it works once):',
      link,
      '',
      "If it wasn't you, ignore this mail: your password stays as it is.",
    ].join('\n'),
  })
}

/**
 * Answers the same whether or not the address has an account: the lookup, the link and the mail
 * happen after the answer, so neither its content nor its timing tells them apart.
 */
export async function requestPasswordReset(deps: Deps, input: RequestPasswordResetInput, ip: string): Promise<void> {
  await spendAttempt(deps, `reset:addr:${limitAddress(ip)}`, RESETS_PER_ADDRESS, 3600, 'reset requests')
  await spendAttempt(deps, `reset:email:${input.email}`, RESETS_PER_EMAIL, 3600, 'reset requests')
  void mailLink(deps, input.email).catch((err: unknown) => deps.mailer.failed(err, 'password reset mail'))
}

/** Sets a new password from a mailed link (once, within the hour) and signs every session out. */
export async function resetPassword(deps: Pick<CoreDeps, 'db' | 'clock' | 'limiter' | 'sessionCache'>, input: ResetPasswordInput, ip: string): Promise<void> {
  await spendAttempt(deps, `reset-use:addr:${limitAddress(ip)}`, RESET_USES_PER_ADDRESS, 3600, 'reset attempts')
  const invalid = () => new DomainError('BAD_REQUEST', 'This reset link is invalid or has expired. Ask for a new one.', { field: 'token' })
  if (!isWellFormedToken(input.token)) throw invalid()
  const now = deps.clock.now()
  const live = and(eq(passwordResets.tokenHash, hashToken(input.token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now))
  // A dead link is refused before the password hash is paid for.
  const [found] = await deps.db.select({ id: passwordResets.id }).from(passwordResets).where(live).limit(1)
  if (!found) throw invalid()
  const passwordHash = await hashPassword(input.newPassword)
  const ended = await deps.db.transaction(async (tx) => {
    // Claimed in one statement: of two uses racing for one link, one wins.
    const [claim] = await tx.update(passwordResets).set({ usedAt: now }).where(live).returning({ userId: passwordResets.userId })
    if (!claim) throw invalid()
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, claim.userId))
    await retireResetLinks(tx, claim.userId, now)
    return endSessions(tx, claim.userId, null, now)
  })
  await evictAll(deps, ended)
}

/** For the operator (`admin reset-link`) when mail is off: a link to hand to the account's owner. */
export async function resetLinkFor(deps: Pick<CoreDeps, 'db' | 'clock' | 'publicUrl'>, username: string): Promise<string> {
  const [user] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, username.trim().toLowerCase())).limit(1)
  if (!user) throw notFound(`The account @${username}`)
  return issueLink(deps, user.id)
}
