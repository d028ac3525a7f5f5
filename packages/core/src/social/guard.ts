import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError } from '../errors.ts'

import type { AbuseLimits } from '../types.ts'

export type { AbuseLimits }

const ACTIONS = {
  like: { window: 3600, limit: (l: AbuseLimits) => l.likesPerHour, noun: 'likes' },
  comment: { window: 3600, limit: (l: AbuseLimits) => l.commentsPerHour, noun: 'comments' },
  follow: { window: 86_400, limit: (l: AbuseLimits) => l.followsPerDay, noun: 'follows' },
} as const

/** Counts one action against the viewer's allowance; over it, TOO_MANY_REQUESTS with when to retry. */
export async function spend(deps: Pick<CoreDeps, 'limiter' | 'abuseLimits'>, viewer: Viewer, action: keyof typeof ACTIONS): Promise<void> {
  const a = ACTIONS[action]
  const limit = a.limit(deps.abuseLimits)
  const r = await deps.limiter.hit(`${action}:${viewer.id}`, limit, a.window)
  if (!r.allowed) {
    const minutes = Math.ceil(r.retryAfterSeconds / 60)
    throw new DomainError('TOO_MANY_REQUESTS', `You've reached the limit of ${limit} ${a.noun} per ${a.window === 3600 ? 'hour' : 'day'}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
      retryAfterSeconds: r.retryAfterSeconds,
    })
  }
}
