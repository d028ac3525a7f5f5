import type { CoreDeps } from '../deps.ts'
import { writeNotification } from '../notifications/notification.service.ts'
import { deleteExpiredKeys } from '../posts/idempotency.ts'
import { sweepOrphans } from '../posts/sweep.ts'
import { refreshSuggestions } from '../suggestions/refresh.ts'
import type { JobHandlers } from '../job-payloads.ts'
import type { FeedJobs } from '../ports.ts'

const noTimelines: FeedJobs = {
  'feed.fanout': async () => {},
  'feed.purgePost': async () => {},
  'feed.followChanged': async () => {},
}

/** Every job's handler, the same in the worker role and in-process. */
export function createJobHandlers(deps: Pick<CoreDeps, 'db' | 'storage' | 'suggestionCache'>, feed: FeedJobs = noTimelines) {
  return {
    notify: (data) => writeNotification(deps, data),
    'media.sweep': async () => {
      await sweepOrphans(deps)
      await deleteExpiredKeys(deps.db)
    },
    'suggestions.refresh': async ({ userId }) => {
      await refreshSuggestions(deps, userId)
    },
    ...feed,
  } satisfies JobHandlers
}
