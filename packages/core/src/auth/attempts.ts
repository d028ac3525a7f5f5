import type { CoreDeps } from '../deps.ts'
import { DomainError } from '../errors.ts'
import { limitAddress } from '../limits/address.ts'
import { verifyPassword } from './password.ts'

type Deps = Pick<CoreDeps, 'limiter' | 'authLimits'>

/** The sign-in allowances' counters (see AuthLimits): shared by sign-in and every re-entered password. */
export const signInKeys = {
  address: (address: string) => `signin:addr:${address}`,
  accountAddress: (userId: string, address: string) => `signin:acct-addr:${userId}:${address}`,
  account: (userId: string) => `signin:acct:${userId}`,
}

/** Counts one attempt against `key`; over the limit → TOO_MANY_REQUESTS naming the wait. */
export async function spendAttempt(deps: Pick<CoreDeps, 'limiter'>, key: string, limit: number, windowSeconds: number, what: string) {
  const r = await deps.limiter.hit(key, limit, windowSeconds)
  if (!r.allowed) {
    const minutes = Math.ceil(r.retryAfterSeconds / 60)
    throw new DomainError('TOO_MANY_REQUESTS', `Too many ${what}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
      retryAfterSeconds: r.retryAfterSeconds,
    })
  }
}

/**
 * A signed-in person re-entering their password (change password, change email). It spends the
 * same allowances as signing in to the account, so a stolen session buys no extra guesses.
 */
export async function confirmPassword(deps: Deps, user: { id: string; passwordHash: string }, password: string, ip: string, field: string) {
  const l = deps.authLimits
  const address = limitAddress(ip)
  await spendAttempt(deps, signInKeys.accountAddress(user.id, address), l.signInPerAccountAddress, l.signInWindowSeconds, 'password attempts')
  await spendAttempt(deps, signInKeys.account(user.id), l.signInPerAccount, l.signInWindowSeconds, 'password attempts')
  if (!(await verifyPassword(user.passwordHash, password))) throw new DomainError('FORBIDDEN', 'That password is incorrect', { field })
  await deps.limiter.reset(signInKeys.accountAddress(user.id, address))
}
