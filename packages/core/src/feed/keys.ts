// Redis keys. Each carries a hash tag ({…}) so that one user's keys share a slot on Redis Cluster
// and multi-key commands on them stay legal.
export const keys = {
  timeline: (userId: string) => `{u:${userId}}:tl`,
  timelineBuilt: (userId: string) => `{u:${userId}}:tlb`,
  celebrities: (userId: string) => `{u:${userId}}:celebs`,
  authorRecent: (authorId: string) => `{a:${authorId}}:recent`,
  authorRecentBuilt: (authorId: string) => `{a:${authorId}}:recentb`,
  post: (postId: string) => `{p:${postId}}`,
  snapshot: (id: string) => `{s:${id}}`,
}

export type FeedConfig = {
  /** Entries kept per home timeline. */
  timelineMax: number
  /** Authors with more followers than this are not fanned out; readers pull their posts. */
  celebrityThreshold: number
  /** How far back `top` looks for candidates. */
  windowDays: number
}

export const DEFAULT_FEED_CONFIG: FeedConfig = { timelineMax: 800, celebrityThreshold: 10_000, windowDays: 7 }

/** Posts kept per author for the celebrity merge and follow backfill. */
export const AUTHOR_RECENT_MAX = 100
/** Idle timelines expire; a reader's next visit rebuilds theirs from Postgres. */
export const TIMELINE_TTL_SECONDS = 7 * 24 * 3600
