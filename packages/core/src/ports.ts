// Every side effect the domain needs, named by what it does. Adapters (`adapters/redis`,
// `adapters/bullmq`, `adapters/memory`) implement them; the composition root in apps/api picks one
// per port from config. Domain code sees these interfaces only: never a Redis command or a key.
import type { BlobStore } from '@mosaic/storage'
import type { JobHandlers, JobName, JobPayload } from './job-payloads.ts'
import type { CachedPopular, CachedSuggestions, ExploreSet, FeedEntry, Fresh, PostCore, TagCount, TrendingList, Viewer } from './types.ts'

export type { BlobStore }

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number }

/**
 * Fixed-window counters, shared by every process when they live in Redis.
 * `hit` counts an attempt and answers in one atomic step, so attempts racing in parallel each get
 * their own number: with a limit of 10, the eleventh is refused however many arrive at once. Count
 * before doing the guarded work, never after it.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>
  reset(key: string): Promise<void>
}

/**
 * The time, asked once per request and handed to queries as a parameter (never `now()` inside SQL),
 * so tests can stand a second before or after a deadline.
 */
export interface Clock {
  now(): Date
}

/** Turns blob keys into URLs a browser can fetch; apps/api implements it over its /media route or a CDN. */
export interface MediaUrls {
  /** Immutable, cacheable URL for content-addressed public blobs. */
  public(key: string): string
  /** Short-lived URL for blobs of private accounts. */
  signed(key: string): string
}

/**
 * Ranked lists frozen at a client's first page, so walking the pages of a ranking that changes
 * underneath (new likes, new posts) never repeats or skips an item.
 */
export interface RankSnapshots {
  save(ids: string[]): Promise<string>
  load(id: string): Promise<string[] | null>
}

export type EnqueueOptions = {
  /**
   * Jobs with the same id are deduplicated: on BullMQ for as long as the queue keeps the job's record
   * (a finished one an hour, a failed one a day), in process while one is waiting.
   */
  jobId?: string
  /** With `jobId`: the id is free again once the job has succeeded (no record kept), for work that may be needed again at once. */
  pendingOnly?: boolean
  delayMs?: number
}

/** Where work goes after a request commits: BullMQ on Redis, or in-process when there is none. */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts?: EnqueueOptions): Promise<void>
  /** Resolves when every job queued so far has run (in-process); for tests and shutdown. */
  drain(): Promise<void>
  close(): Promise<void>
}

/**
 * Sessions by token hash in front of Postgres. Postgres stays the truth; the cache must never let
 * a revoked token through (see adapters/redis/session-cache.ts for how).
 */
export type SessionCache = {
  /** The cached viewer; 'revoked' when known revoked; null when it must be read from Postgres. */
  get(tokenHash: string): Promise<Viewer | 'revoked' | null>
  fill(tokenHash: string, viewer: Viewer, ttlSeconds: number): Promise<void>
  /** Called after the session is revoked in Postgres. Never throws. */
  evict(tokenHash: string): Promise<void>
  /**
   * A session this process read from the cache lately, with the cache's exact text, so that a read
   * in one round trip with it (WarmPages) can check the cache still holds just that; null when this
   * process read none, or may not trust the cache for it now (revoked here, right after an outage).
   */
  recent?(tokenHash: string): { viewer: Viewer; cached: string } | null
  /**
   * Before a cached entry runs out, from a read of Postgres just made: replaces it, with a new
   * lifetime, only while it still holds exactly `cached` (never a sign-out's tombstone). Never throws.
   */
  renew?(tokenHash: string, cached: string, viewer: Viewer, ttlSeconds: number): Promise<void>
  close(): void
}

/**
 * Who wrote in the last few seconds (read-your-writes): their queries read the primary, not a
 * replica that may not have the write yet. Shared by every process (Redis), else in this one.
 */
export type RecentWrites = {
  /** After a viewer's write has committed. Never throws. */
  mark(userId: string): Promise<void>
  /** Whether the viewer wrote within the window; true when that cannot be told (read the primary). */
  recent(userId: string): Promise<boolean>
}

export type MailMessage = { to: string; subject: string; text: string; html?: string }

/** Outgoing mail (SMTP in apps/api). With mail off the adapter logs what it would have sent. */
export type Mailer = {
  /** Never throws: a refused or failed delivery is logged by the adapter. */
  send(message: MailMessage): Promise<void>
  /** Logs a failure of mail work that ran after its request was answered. */
  failed(err: unknown, what: string): void
}

/** Cached post cores, filled from Postgres with request coalescing; edits and deletes invalidate them. */
export interface PostCache {
  getMany(ids: string[]): Promise<Map<string, PostCore>>
  invalidate(id: string): Promise<void>
}

/** Feed maintenance; absent without Redis, where the feed is pulled from Postgres and needs none. */
export type FeedJobs = Pick<JobHandlers, 'feed.fanout' | 'feed.purgePost' | 'feed.followChanged' | 'feed.rebuild'>

/** One read of a reader's timeline: whether it is built, its entries, the cached followed celebrities. */
export type TimelineRead = { built: boolean; entries: FeedEntry[]; celebrities: string[] | null }

/** Home timelines fanned out on write, plus each author's recent posts for the celebrity merge. */
export interface Timelines {
  /**
   * In one round trip: whether the timeline is built, its entries with max >= t >= min newest first
   * (ties with the bounds included), the cached celebrity list; and keeps the timeline alive. Throws
   * when the store does not answer.
   */
  read(userId: string, range: { max?: number; min?: number; count: number }): Promise<TimelineRead>
  /** The timeline exists and is fresh: rebuilt from Postgres if it was never built or lost. */
  ensureBuilt(userId: string): Promise<void>
  /** Recent posts of several authors at or before `before` (and at or after `min`), newest first, in one round trip. */
  authorsRecent(authorIds: string[], before: number, limit: number, min?: number): Promise<FeedEntry[][]>
  /**
   * The reader's last `top` ranking (a snapshot id), if made within the last three minutes, after their
   * follows last changed, and before any post reached their timeline since. Throws when the store does not answer.
   */
  rankingOf(userId: string): Promise<string | null>
  /** Remembers a ranking made at `madeAt` (ms, when it started reading) for rankingOf. */
  keepRanking(userId: string, snapshotId: string, madeAt: number): Promise<void>
  /** Remembers, for a short while, which followed accounts are celebrities. */
  cacheCelebrities(userId: string, ids: string[]): Promise<void>
  /** Drops entries found dead (deleted, no longer visible) from a timeline. Never throws. */
  drop(userId: string, postIds: string[]): Promise<void>
  /**
   * A deleted account: its own timeline, celebrity list and recent-posts list go, and its posts leave
   * the timelines of the followers it had (read before the rows went). Throws when the store does not answer.
   */
  forgetAccount(userId: string, postIds: string[], followerIds: string[]): Promise<void>
  jobs: FeedJobs
}

/** Which warm home-feed page to read: `latest` strictly older than `after`; `top` from the reader's current ranking. */
export type WarmPageQuery =
  | { mode: 'latest'; limit: number; after: { t: number; id: string } | null }
  | { mode: 'top'; limit: number; snapshotId: string | null; offset: number }

/**
 * One post of a warm page as the store keeps it: stamps of its cached core and of its author's
 * summary (each changes when its text does), `likes,comments`, whether the reader liked and saved it.
 */
export type WarmPost = { id: string; stamp: string; authorId: string; authorStamp: string; counts: string; liked: boolean; saved: boolean }

/** The cached texts a warm post's stamps stand for: its core's JSON and its author summary's. */
export type WarmTexts = { core: string; author: string }

/**
 * A warm page's posts in order; `more`: a next page exists; `snapshotId`: the ranking a `top` page
 * came from; `sessionTtlMs`: how long the session's cache entry checked with it has left (-1: none checked).
 */
export type WarmPageRead = { posts: WarmPost[]; more: boolean; snapshotId: string | null; sessionTtlMs: number }

/** A session to check in the same call: the cache must still hold exactly `cached` for `tokenHash`. */
export type WarmSession = { tokenHash: string; cached: string }

/**
 * Every read of a warm home-feed page in one call (one script on a single Redis): the timeline
 * and the followed celebrities' recent posts merged, or the reader's current `top` ranking, then
 * the stamps of the posts' cores and authors, their counts and whether the reader liked and saved
 * each; the texts behind the stamps in a second call, for posts the caller has not shaped yet. 'cold' when the
 * page is not warm (a timeline not built or being rebuilt, anything missing from the store, a
 * ranking that is not the reader's current one): the general path serves it then. Null when the
 * `session` given is not held any more (the caller reads it the usual way).
 */
export interface WarmPages {
  read(viewerId: string, query: WarmPageQuery, session?: WarmSession): Promise<WarmPageRead | 'cold' | null>
  /** The texts of posts read, in order; null when any is not cached with those stamps any more. */
  texts(posts: WarmPost[]): Promise<WarmTexts[] | null>
}

/** Counts, author summaries and each reader's likes and saves kept hot for feed pages, and what changes them. */
export interface HotCounters {
  /** Fresh rows for a page, from the hot store, filling misses from Postgres. Throws when the store does not answer. */
  feedRows(viewerId: string, cores: PostCore[]): Promise<Map<string, Fresh>>
  /** Like and comment counts of existing posts (deleted ones left out), filling misses from Postgres. Throws when the store does not answer. */
  counts(postIds: string[]): Promise<Map<string, [likes: number, comments: number]>>
  /** After a like or unlike commits; `counted`: whether the post's like count moved (liking twice does not). Never throws. */
  likeChanged(viewerId: string, postId: string, liked: boolean, counted: boolean): Promise<void>
  /** After a save or unsave commits. Never throws. */
  savedChanged(viewerId: string, postId: string, saved: boolean): Promise<void>
  /** After comments are added or removed (`comments`: by how many), or counts moved by an unknown amount. Never throws. */
  countsChanged(postId: string, change: { comments: number } | 'unknown'): Promise<void>
  /** After a profile edit. Never throws. */
  authorChanged(userId: string): Promise<void>
  /** A deleted account: its liked and saved sets and author summary go. Throws when the store does not answer. */
  forgetReader(userId: string): Promise<void>
}

/**
 * Trending tags: tag uses recorded as posts commit (Redis: a sliding window of time buckets), the
 * counts of a window, and the top list the worker last computed from them. Without Redis the
 * counts come straight from Postgres and `record` has nothing to do.
 */
export interface TagTrends {
  /** After a post with tags commits (a job): counts its tags if its author is public. */
  record(postId: string): Promise<void>
  /** Every tag used in the window (now − TRENDING_WINDOW_SECONDS, now], with its baseline. */
  counts(now: number): Promise<TagCount[]>
  loadTop(): Promise<TrendingList | null>
  saveTop(list: TrendingList): Promise<void>
}

/** Explore's candidate set, precomputed by the worker and read by every request. */
export interface ExploreCandidates {
  /** The last saved set, or null before the first refresh. Never runs a query. */
  load(): Promise<ExploreSet | null>
  save(set: ExploreSet): Promise<void>
}

/**
 * Who-to-follow lists computed off the request path (a walk of the follow graph is too dear to run
 * per request): one per user, and the site's most followed accounts. A cache only: whatever it
 * answers is filtered against the current follows and blocks before anyone sees it. Never throws.
 */
export interface SuggestionCache {
  get(userId: string): Promise<CachedSuggestions | null>
  /**
   * Keeps whichever list was computed later (by `computedAt`): two recomputes of one person that
   * finish out of order must not leave the older graph in place.
   */
  set(userId: string, list: CachedSuggestions): Promise<void>
  popular(): Promise<CachedPopular | null>
  setPopular(list: CachedPopular): Promise<void>
  /** A deleted account: its own list goes, and it leaves the most-followed list. */
  forget(userId: string): Promise<void>
}

/**
 * Links to a person's "Download my data" zip: signed and expiring, and served (apps/api) only to the
 * account that asked for it.
 */
export interface ExportLinks {
  url(exportId: string): string
}
