import { inArray, rows, schema, sql, type Queryable } from '@mosaic/db'
import type { HotCounters } from '../../ports.ts'
import type { AuthorSummary, Fresh, PostCore } from '../../types.ts'
import { checked, mgetAcrossSlots, pipelineAcrossSlots, type RedisClient } from './client.ts'
import { keys as hotKeys, TIMELINE_TTL_SECONDS } from './keys.ts'
import { postCounts, type Counts } from './post-counts.ts'
import { stamped, unstamped } from './stamp.ts'

type PostCounts = ReturnType<typeof postCounts>

const { users } = schema

// What a feed page needs beyond the post cores, kept in Redis so that a page is served without a
// database read: counts (post-counts.ts), author summaries (dropped on profile edits), and the
// sets of posts each reader liked and saved (kept in step by like/unlike and save/unsave). Author
// summaries are cached stamped (stamp.ts), for warm pages (warm-pages.ts).
const AUTHOR_TTL_SECONDS = 300


/** Fresh rows for a page from Redis, filling misses from Postgres in one query per kind. */
async function hotFeedRows(db: Queryable, redis: RedisClient, counts: PostCounts, viewerId: string, cores: PostCore[]): Promise<Map<string, Fresh>> {
  if (cores.length === 0) return new Map()
  const authorIds = [...new Set(cores.map((c) => c.authorId))]
  // Counts and authors span slots (one per post, one per author), the reader's keys share one:
  // sent together, they cost one round trip on a single Redis and one per node on a cluster.
  const postIds = cores.map((c) => c.id)
  const [countsOf, authorVals, [likedBuilt, likedNow, savedBuilt, savedNow]] = await Promise.all([
    counts.read(postIds),
    mgetAcrossSlots(redis, authorIds.map(hotKeys.author)),
    redis
      .pipeline()
      .exists(hotKeys.likedBuilt(viewerId))
      .smismember(hotKeys.liked(viewerId), ...postIds)
      .exists(hotKeys.savedBuilt(viewerId))
      .smismember(hotKeys.saved(viewerId), ...postIds)
      .exec()
      .then(checked),
  ])
  let liked = likedNow as number[]
  let saved = savedNow as number[]

  const authors = new Map<string, AuthorSummary>()
  const missingAuthors: string[] = []
  authorIds.forEach((id, i) => {
    const v = authorVals[i] && unstamped(authorVals[i]) // one cached without its stamp is cached again
    if (v) authors.set(id, JSON.parse(v) as AuthorSummary)
    else missingAuthors.push(id)
  })

  await Promise.all([
    missingAuthors.length
      ? db
          .select({ id: users.id, username: users.username, displayName: users.displayName, avatarKey: users.avatarKey, isPrivate: users.isPrivate })
          .from(users)
          .where(inArray(users.id, missingAuthors))
          .then((list) => {
            for (const { id, ...a } of list) authors.set(id, a)
            return pipelineAcrossSlots(redis, list, (r) => hotKeys.author(r.id), (pipe, { id, ...a }) => pipe.set(hotKeys.author(id), stamped(JSON.stringify(a)), 'EX', AUTHOR_TTL_SECONDS))
          })
      : null,
    likedBuilt ? null : buildReaderSet(db, redis, viewerId, 'liked').then((ids) => (liked = postIds.map((id) => Number(ids.has(id))))),
    savedBuilt ? null : buildReaderSet(db, redis, viewerId, 'saved').then((ids) => (saved = postIds.map((id) => Number(ids.has(id))))),
  ])

  const out = new Map<string, Fresh>()
  cores.forEach((c, i) => {
    const n = countsOf.get(c.id)
    const a = authors.get(c.authorId)
    if (!n || !a) return
    out.set(c.id, { id: c.id, t: c.t, likeCount: n[0], commentCount: n[1], liked: liked[i] === 1, saved: saved[i] === 1, authorId: c.authorId, ...a })
  })
  return out
}

const readerSets = {
  liked: { key: hotKeys.liked, built: hotKeys.likedBuilt, query: (viewerId: string) => sql`select post_id from likes where user_id = ${viewerId}` },
  saved: { key: hotKeys.saved, built: hotKeys.savedBuilt, query: (viewerId: string) => sql`select post_id from saved_posts where user_id = ${viewerId}` },
}

/** A reader's liked or saved set from Postgres, written whole with its built flag; returns the ids. */
async function buildReaderSet(db: Queryable, redis: RedisClient, viewerId: string, kind: keyof typeof readerSets): Promise<Set<string>> {
  const set = readerSets[kind]
  const list = await rows<{ post_id: string }>(db, set.query(viewerId))
  const m = redis.multi().del(set.key(viewerId))
  if (list.length) m.sadd(set.key(viewerId), ...list.map((r) => r.post_id))
  await m.set(set.built(viewerId), '1', 'EX', TIMELINE_TTL_SECONDS).expire(set.key(viewerId), TIMELINE_TTL_SECONDS).exec()
  return new Set(list.map((r) => r.post_id))
}

export function createRedisHotCounters(opts: { db: Queryable; redis: RedisClient }): HotCounters {
  const { db, redis } = opts
  const counts = postCounts(db, redis)
  return {
    feedRows: (viewerId, cores) => hotFeedRows(db, redis, counts, viewerId, cores),
    counts: (postIds: string[]): Promise<Map<string, Counts>> => counts.read(postIds),
    /** The reader's set and the post's counts follow at once. */
    async likeChanged(viewerId, postId, liked, counted) {
      // The reader's set and the post's counts sit in different slots: two commands, sent together.
      const results = await Promise.allSettled([
        liked ? redis.sadd(hotKeys.liked(viewerId), postId) : redis.srem(hotKeys.liked(viewerId), postId),
        counted ? counts.changed(postId, { likes: liked ? 1 : -1, comments: 0 }) : null,
      ])
      if (results.some((r) => r.status === 'rejected')) {
        // Redis away: forget what we knew, so the next read rebuilds it from Postgres.
        await Promise.allSettled([redis.del(hotKeys.likedBuilt(viewerId)), counts.changed(postId, 'unknown')])
      }
    },
    /** The reader's saved set follows; when Redis does not answer, it is forgotten and rebuilt on the next read. */
    async savedChanged(viewerId, postId, saved) {
      const key = hotKeys.saved(viewerId)
      await (saved ? redis.sadd(key, postId) : redis.srem(key, postId)).catch(() => redis.del(hotKeys.savedBuilt(viewerId)).catch(() => {}))
    },
    /** The post's counts are read again. */
    async countsChanged(postId, change) {
      await counts.changed(postId, change === 'unknown' ? change : { likes: 0, comments: change.comments }).catch(() => {})
    },
    async authorChanged(userId) {
      await redis.del(hotKeys.author(userId)).catch(() => {})
    },
    async forgetReader(userId) {
      await redis.del(hotKeys.liked(userId), hotKeys.likedBuilt(userId), hotKeys.saved(userId), hotKeys.savedBuilt(userId), hotKeys.author(userId))
    },
  }
}
