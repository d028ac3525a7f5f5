import type { Db } from '@mosaic/db'
import type { MediaLimits } from '@mosaic/media'
import type { BlobStore } from '@mosaic/storage'
import type { RateLimiter } from './limits/rate-limiter.ts'
import type { MediaUrls } from './media-urls.ts'
import type { RankSnapshots } from './pagination/snapshots.ts'
import type { JobQueue } from './jobs/jobs.ts'
import type { AbuseLimits } from './social/guard.ts'
import type { AuthLimits } from './auth/auth.service.ts'
import type { SessionCache } from './auth/session-cache.ts'
import type { PostCache } from './feed/post-cache.ts'
import type { Timelines } from './feed/timeline.ts'
import type { Redis } from 'ioredis'

/**
 * Everything core may touch, built once by apps/api. Each function asks only for the part it
 * needs (`Pick<CoreDeps, 'db'>`), so tests can hand in exactly that.
 */
export type CoreDeps = {
  db: Db
  limiter: RateLimiter
  urls: MediaUrls
  storage: BlobStore
  mediaLimits: MediaLimits
  snapshots: RankSnapshots
  queue: JobQueue
  abuseLimits: AbuseLimits
  /** Sign-in and sign-up allowances (config). */
  authLimits: AuthLimits
  /** Cached post objects; edits and deletes invalidate them. */
  postCache: PostCache
  /** Sessions by token hash in front of Postgres; never lets a revoked token through. */
  sessionCache: SessionCache
  /** Present when Redis is configured: hot-path caches and timelines kept in step by writes. */
  redis: Redis | null
  timelines: Timelines | null
}

/** Who is asking: resolved from a session before any procedure runs. */
export type Viewer = { id: string; username: string; sessionId: string }
