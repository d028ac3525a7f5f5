export * as auth from './auth/index.ts'
export * as account from './account/index.ts'
export * as users from './users/index.ts'
export * as avatars from './avatars/index.ts'
export * as posts from './posts/index.ts'
export * as tags from './tags/index.ts'
export * as places from './places/index.ts'
export * as social from './social/index.ts'
export * as engagement from './engagement/index.ts'
export * as notifications from './notifications/index.ts'
export * as jobs from './jobs/index.ts'
export * as feed from './feed/index.ts'
export * as suggestions from './suggestions/index.ts'
export * as stories from './stories/index.ts'
export * as explore from './explore/index.ts'
export * as search from './search/index.ts'
export * as moderation from './moderation/index.ts'
export * as redisAdapters from './adapters/redis/index.ts'
export * as bullmqAdapters from './adapters/bullmq/index.ts'
export * as memoryAdapters from './adapters/memory/index.ts'
export { DomainError, type DomainErrorCode, type DomainErrorDetails, type FileRefusal } from './errors.ts'
export type { CoreDeps, Viewer } from './deps.ts'
export type {
  BlobStore,
  Clock,
  EnqueueOptions,
  FeedJobs,
  HotCounters,
  JobQueue,
  Mailer,
  MailMessage,
  MediaUrls,
  ExploreCandidates,
  ExportLinks,
  PostCache,
  RankSnapshots,
  RateLimiter,
  RateLimitResult,
  RecentWrites,
  SessionCache,
  SuggestionCache,
  TagTrends,
  TimelineRead,
  Timelines,
  WarmPageQuery,
  WarmPageRead,
  WarmPages,
  WarmPost,
  WarmTexts,
  WarmSession,
} from './ports.ts'
export type {
  AbuseLimits,
  AuthLimits,
  CachedPopular,
  CachedSuggestions,
  DiscoveryConfig,
  ExploreSet,
  FeedConfig,
  SuggestionConfig,
  SuggestionReason,
  TrendingList,
  TrendingTag,
} from './types.ts'
export type { Page } from './pagination/cursor.ts'
export type { UserSummary } from './users/user.shape.ts'
export type { Profile } from './users/user.service.ts'
export { UploadForm } from './posts/upload.ts'
export type { Post, Media } from './posts/post.shape.ts'
export { createSemaphore } from './limits/semaphore.ts'
export { EngineUnavailableError, type BreakerState, type CircuitBreaker } from './adapters/redis/circuit-breaker.ts'
