import type { CoreDeps } from '../deps.ts'
import { refreshExplore } from '../explore/explore.refresh.ts'
import { refreshTrending } from '../tags/trending.service.ts'
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
export function createJobHandlers(deps: Pick<CoreDeps, 'db' | 'storage' | 'clock' | 'tagTrends' | 'exploreSet' | 'discovery' | 'suggestionCache'>, feed: FeedJobs = noTimelines) {
  return {
    notify: (data) => writeNotification(deps, data),
    'media.sweep': async () => {
      await sweepOrphans(deps, { now: deps.clock.now() })
      await deleteExpiredKeys(deps.db)
    },
    // Helper vpublish's transcode handler (posts/transcode.ts) takes this entry's place at merge;
    // until then an uploaded video stays `processing`.
    'media.transcode': async () => {},
    'trending.record': ({ postId }) => deps.tagTrends.record(postId),
    'trending.refresh': async () => {
      await refreshTrending(deps)
    },
    'explore.refresh': async () => {
      await refreshExplore(deps)
    },
    'suggestions.refresh': async ({ userId }) => {
      await refreshSuggestions(deps, userId)
    },
    ...feed,
  } satisfies JobHandlers
}
