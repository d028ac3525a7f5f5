// Every Redis key Mosaic writes, in one place. Each carries a hash tag ({…}): Redis Cluster hashes
// only the tag, so all keys sharing a tag share a slot and multi-key commands, MULTI and Lua on them
// stay legal. The tags group keys by what is read or written together:
//
//   {u:<userId>}    a reader's timeline, its built and building flags, last `top` ranking and when
//                   their follows last changed, followed celebrities, liked set, author
//                   summary, who-to-follow list, read-your-writes mark, saved set
//   {a:<authorId>}  an author's recent posts, their built flag and the newest time the list ever held;
//                   whether their last post was a celebrity's
//   {p:<postId>}    a post's cached core, its counts and their just-changed mark
//   {s:<id>}        a ranked snapshot
//   {sess:<hash>}   a cached session
//   {trend}         trending: per time bucket k, each tag's reach sum (b:k), the tag|author pairs seen
//                   (s:k), each tag's uses (t:k:<tag>); the top list. One slot: the refresh reads the
//                   window's buckets and unions the baseline's in one place (a tag use is one command)
//   {explore}       explore's candidate set and its version
//   {sugg}          the most followed accounts (who-to-follow fallback, one key)
//   rl:<key>        a rate-limit window (one key per command: no tag needed)
//
// ioredis adds the deployment's REDIS_KEY_PREFIX in front of each (outside the tag). BullMQ names
// its own keys under `<prefix>{bull}:` (see `bullPrefix`).
//
// Keys read together that cannot share a tag (posts of a page, their counts, the authors, the
// followers a post fans out to) are never one command: client.ts splits them by slot and node.
export const keys = {
  timeline: (userId: string) => `{u:${userId}}:tl`,
  timelineBuilt: (userId: string) => `{u:${userId}}:tlb`,
  /** A set: one mark per rebuild in progress (a set since the building counter `:tlr`, whose type it does not share). */
  timelineBuilding: (userId: string) => `{u:${userId}}:tlrs`,
  celebrities: (userId: string) => `{u:${userId}}:celebs`,
  topRanking: (userId: string) => `{u:${userId}}:top`,
  followsChanged: (userId: string) => `{u:${userId}}:fc`,
  liked: (userId: string) => `{u:${userId}}:liked`,
  likedBuilt: (userId: string) => `{u:${userId}}:likedb`,
  saved: (userId: string) => `{u:${userId}}:saved`,
  savedBuilt: (userId: string) => `{u:${userId}}:savedb`,
  author: (userId: string) => `{u:${userId}}:sum`,
  authorRecent: (authorId: string) => `{a:${authorId}}:recent`,
  authorRecentBuilt: (authorId: string) => `{a:${authorId}}:recentb`,
  /** The newest post time the author's recent list ever held: it only rises (a deleted post leaves it), so a reader may skip a list whose newest is older than a page's end. */
  authorNewest: (authorId: string) => `{a:${authorId}}:newest`,
  celebrityMark: (authorId: string) => `{a:${authorId}}:celeb`,
  post: (postId: string) => `{p:${postId}}`,
  counts: (postId: string) => `{p:${postId}}:n`,
  countsChanged: (postId: string) => `{p:${postId}}:nc`,
  snapshot: (id: string) => `{s:${id}}`,
  session: (tokenHash: string) => `{sess:${tokenHash}}`,
  rateLimit: (key: string) => `rl:${key}`,
  trendBucket: (k: number) => `{trend}:b:${k}`,
  trendSeen: (k: number) => `{trend}:s:${k}`,
  trendUses: (k: number, tag: string) => `{trend}:t:${k}:${tag}`,
  trendBaseline: (id: string) => `{trend}:base:${id}`,
  trendTop: () => `{trend}:top`,
  exploreSet: () => `{explore}:set`,
  exploreVersion: () => `{explore}:at`,
  suggestions: (userId: string) => `{u:${userId}}:sugg`,
  recentWrite: (userId: string) => `{u:${userId}}:ryw`,
  popularAccounts: '{sugg}:popular',
}

/**
 * BullMQ's key prefix under the deployment's prefix. Its Lua scripts touch keys of a queue (and
 * across our two queues) together, so on a cluster the prefix must be one hash tag, as BullMQ's
 * docs require: `mosaic:{bull}` puts every job key in one slot. (REDIS_KEY_PREFIX allows no braces,
 * so `{bull}` is always the key's first tag.)
 */
export const bullPrefix = (deploymentPrefix: string) => `${deploymentPrefix}{bull}`
/** The prefix before the hash tag; a single Redis may still hold jobs queued under it (bullmq/legacy.ts drains them). */
export const legacyBullPrefix = (deploymentPrefix: string) => `${deploymentPrefix}bull`

/** Posts kept per author for the celebrity merge and follow backfill. */
export const AUTHOR_RECENT_MAX = 100
/** Idle timelines expire; a reader's next visit rebuilds theirs from Postgres. */
export const TIMELINE_TTL_SECONDS = 7 * 24 * 3600
