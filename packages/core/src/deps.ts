import type { Db } from '@mosaic/db'
import type { MediaLimits, VideoTools } from '@mosaic/media'
import type { BlobStore, Clock, ExploreCandidates, ExportLinks, HotCounters, JobQueue, Mailer, MediaUrls, PostCache, RankSnapshots, RateLimiter, SessionCache, SuggestionCache, TagTrends, Timelines } from './ports.ts'
import type { AbuseLimits, AuthLimits, DiscoveryConfig, SuggestionConfig } from './types.ts'

/**
 * Everything core may touch, built once by apps/api from ports and config. Each function asks
 * only for the part it needs (`Pick<CoreDeps, 'db'>`), so tests can hand in exactly that.
 */
export type CoreDeps = {
  db: Db
  /** What time it is, for rules with a deadline (a story's 24 hours) and for ranking by age (explore, trending); tests move it. */
  clock: Clock
  limiter: RateLimiter
  urls: MediaUrls
  storage: BlobStore
  mediaLimits: MediaLimits
  /**
   * ffmpeg/ffprobe and where their temporary files go; `concurrency` transcodes at most run at once
   * in one worker process (VIDEO_CONCURRENCY).
   */
  video: { tools: VideoTools; scratchDir: string; concurrency: number }
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
  hot: HotCounters | null
  timelines: Timelines | null
  /** Trending tag counts and the last top list. */
  tagTrends: TagTrends
  /** Explore's precomputed candidate set. */
  exploreSet: ExploreCandidates
  /** Discovery's intervals and window (config). */
  discovery: DiscoveryConfig
  /** Precomputed who-to-follow lists (Redis, or this process's memory when embedded). */
  suggestionCache: SuggestionCache
  suggestionConfig: SuggestionConfig
  /** Password reset mail; links in it start at `publicUrl` (PUBLIC_URL), never at a request's Host. */
  mailer: Mailer
  publicUrl: string
  /** Signed links to data exports (user.requestExport, export_ready notifications). */
  exportLinks: ExportLinks
}

export type { Viewer } from './types.ts'
