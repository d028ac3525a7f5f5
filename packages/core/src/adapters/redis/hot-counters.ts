import { inArray, rows, schema, sql, type Queryable } from '@mosaic/db'
import type { Redis } from 'ioredis'
import type { HotCounters } from '../../ports.ts'
import type { Fresh, PostCore } from '../../types.ts'
import { keys as hotKeys, TIMELINE_TTL_SECONDS } from './keys.ts'

const { users } = schema

// What a feed page needs beyond the post cores, kept in Redis so that a page is served without a
// database read: counts (dropped by every like, unlike and comment as it commits; a reader that
// filled the key from an older read in that same instant leaves it stale at most COUNTS_TTL, the
// "few seconds" the feed promises), author summaries (dropped on profile edits), and the set of
// posts each reader liked (kept in step by like/unlike).
const COUNTS_TTL_SECONDS = 5
const AUTHOR_TTL_SECONDS = 300

type AuthorSummary = { username: string; displayName: string; avatarKey: string | null; isPrivate: boolean }

/** Fresh rows for a page from Redis, filling misses from Postgres in one query per kind. */
async function hotFeedRows(db: Queryable, redis: Redis, viewerId: string, cores: PostCore[]): Promise<Map<string, Fresh>> {
  if (cores.length === 0) return new Map()
  const authorIds = [...new Set(cores.map((c) => c.authorId))]
  const pipe = redis.pipeline()
  pipe.mget(...cores.map((c) => hotKeys.counts(c.id)))
  pipe.mget(...authorIds.map(hotKeys.author))
  pipe.exists(hotKeys.likedBuilt(viewerId))
  pipe.smismember(hotKeys.liked(viewerId), ...cores.map((c) => c.id))
  const res = await pipe.exec()
  if (!res || res.some(([err]) => err)) throw res?.find(([err]) => err)?.[0] ?? new Error('Redis pipeline aborted')
  const countVals = res[0]![1] as (string | null)[]
  const authorVals = res[1]![1] as (string | null)[]
  let liked = res[3]![1] as number[]

  const counts = new Map<string, [number, number]>()
  const missingCounts: string[] = []
  cores.forEach((c, i) => {
    const v = countVals[i]
    if (v) counts.set(c.id, v.split(',').map(Number) as [number, number])
    else missingCounts.push(c.id)
  })
  const authors = new Map<string, AuthorSummary>()
  const missingAuthors: string[] = []
  authorIds.forEach((id, i) => {
    const v = authorVals[i]
    if (v) authors.set(id, JSON.parse(v) as AuthorSummary)
    else missingAuthors.push(id)
  })

  const fill = redis.pipeline()
  await Promise.all([
    missingCounts.length
      ? rows<{ id: string; like_count: number; comment_count: number }>(
          db,
          sql`select id, like_count, comment_count from posts where id = any(${`{${missingCounts.join(',')}}`}::uuid[])`,
        ).then((list) => {
          for (const r of list) {
            counts.set(r.id, [r.like_count, r.comment_count])
            fill.set(hotKeys.counts(r.id), `${r.like_count},${r.comment_count}`, 'EX', COUNTS_TTL_SECONDS)
          }
        })
      : null,
    missingAuthors.length
      ? db
          .select({ id: users.id, username: users.username, displayName: users.displayName, avatarKey: users.avatarKey, isPrivate: users.isPrivate })
          .from(users)
          .where(inArray(users.id, missingAuthors))
          .then((list) => {
            for (const { id, ...a } of list) {
              authors.set(id, a)
              fill.set(hotKeys.author(id), JSON.stringify(a), 'EX', AUTHOR_TTL_SECONDS)
            }
          })
      : null,
    res[2]![1]
      ? null
      : buildLiked(db, redis, viewerId).then(async () => {
          liked = (await redis.smismember(hotKeys.liked(viewerId), ...cores.map((c) => c.id))) as number[]
        }),
  ])
  if (fill.length) await fill.exec()

  const out = new Map<string, Fresh>()
  cores.forEach((c, i) => {
    const n = counts.get(c.id)
    const a = authors.get(c.authorId)
    if (!n || !a) return
    out.set(c.id, { id: c.id, t: c.t, likeCount: n[0], commentCount: n[1], liked: liked[i] === 1, authorId: c.authorId, ...a })
  })
  return out
}

async function buildLiked(db: Queryable, redis: Redis, viewerId: string) {
  const list = await rows<{ post_id: string }>(db, sql`select post_id from likes where user_id = ${viewerId}`)
  const m = redis.multi().del(hotKeys.liked(viewerId))
  if (list.length) m.sadd(hotKeys.liked(viewerId), ...list.map((r) => r.post_id))
  await m
    .set(hotKeys.likedBuilt(viewerId), '1', 'EX', TIMELINE_TTL_SECONDS)
    .expire(hotKeys.liked(viewerId), TIMELINE_TTL_SECONDS)
    .exec()
}

export function createRedisHotCounters(opts: { db: Queryable; redis: Redis }): HotCounters {
  const { db, redis } = opts
  return {
    feedRows: (viewerId, cores) => hotFeedRows(db, redis, viewerId, cores),
    /** The reader's set and the post's counts follow at once. */
    async likeChanged(viewerId, postId, liked) {
      try {
        const m = redis.multi()
        if (liked) m.sadd(hotKeys.liked(viewerId), postId)
        else m.srem(hotKeys.liked(viewerId), postId)
        await m.del(hotKeys.counts(postId)).exec()
      } catch {
        // Redis away: forget what we knew, so the next read rebuilds it from Postgres.
        await redis.del(hotKeys.likedBuilt(viewerId), hotKeys.counts(postId)).catch(() => {})
      }
    },
    /** The post's counts are read again. */
    async countsChanged(postId) {
      await redis.del(hotKeys.counts(postId)).catch(() => {})
    },
    async authorChanged(userId) {
      await redis.del(hotKeys.author(userId)).catch(() => {})
    },
    async forgetReader(userId) {
      await redis.del(hotKeys.liked(userId), hotKeys.likedBuilt(userId), hotKeys.author(userId))
    },
  }
}
