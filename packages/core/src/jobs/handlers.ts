import { buildExport } from '../account/export.build.ts'
import type { CoreDeps } from '../deps.ts'
import { refreshExplore } from '../explore/explore.refresh.ts'
import { refreshTrending } from '../tags/trending.service.ts'
import { writeNotification } from '../notifications/notification.service.ts'
import { deleteExpiredKeys } from '../posts/idempotency.ts'
import { sweepOrphans } from '../posts/sweep.ts'
import { createTranscoder, type TranscodeDeps } from '../posts/transcode.ts'
import { refreshSuggestions } from '../suggestions/refresh.ts'
import type { JobHandlers } from '../job-payloads.ts'
import type { FeedJobs } from '../ports.ts'

const noTimelines: FeedJobs = {
  'feed.fanout': async () => {},
  'feed.purgePost': async () => {},
  'feed.followChanged': async () => {},
  'feed.rebuild': async () => {},
}

/** Every job's handler, the same in the worker role and in-process. */
export function createJobHandlers(
  deps: Pick<CoreDeps, 'db' | 'storage' | 'clock' | 'tagTrends' | 'exploreSet' | 'discovery' | 'suggestionCache'> & TranscodeDeps,
  feed: FeedJobs = noTimelines,
) {
  return {
    notify: (data) => writeNotification(deps, data),
    'media.sweep': async () => {
      await sweepOrphans(deps, { now: deps.clock.now() })
      await deleteExpiredKeys(deps.db)
    },
    'media.transcode': createTranscoder(deps),
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
    'export.build': ({ exportId }, run) => buildExport(deps, exportId, run),
    ...feed,
  } satisfies JobHandlers
}
