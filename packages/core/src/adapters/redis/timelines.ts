import { randomBytes } from 'node:crypto'
import { and, asc, eq, gt, schema, type Queryable } from '@mosaic/db'
import type { ChainableCommander } from 'ioredis'
import { authorLatest, pullLatest } from '../../feed/pull.ts'
import type { FeedJobs, PostCache, Timelines } from '../../ports.ts'
import type { FeedConfig, FeedEntry } from '../../types.ts'
import { checked, pipelineAcrossSlots, throwFirstError, type RedisClient } from './client.ts'
import { AUTHOR_RECENT_MAX, keys, TIMELINE_TTL_SECONDS } from './keys.ts'

const { follows, users } = schema

// Adds to a timeline only if it has been built or is being built: a reader without one has it
// rebuilt from Postgres on their next visit (which includes this post), so inactive users cost no
// memory. A rebuild in progress takes the post too: it may have read Postgres before the post committed.
const ADD_IF_BUILT = `
if redis.call('exists', KEYS[2]) == 1 or redis.call('scard', KEYS[3]) > 0 then
  redis.call('zadd', KEYS[1], ARGV[1], ARGV[2])
  redis.call('del', KEYS[4])
  redis.call('zremrangebyrank', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
  return 1
end
return 0`

// A rebuild's end (KEYS: timeline, built, building; ARGV: the rebuild's mark, most entries, TTL,
// then score and id pairs). Its entries go in and the timeline counts as built only while the
// rebuild's own building mark is still there. A mark that is gone — written to a master that died
// before its replica had it, or dropped by the failover watcher — means fan-out may have skipped
// posts that committed while the rebuild read Postgres: the timeline stays unbuilt (0).
const FINISH_REBUILD = `
if redis.call('srem', KEYS[3], ARGV[1]) == 0 then return 0 end
for i = 4, #ARGV, 2 do redis.call('zadd', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('zremrangebyrank', KEYS[1], 0, -(tonumber(ARGV[2]) + 1))
redis.call('set', KEYS[2], '1', 'EX', ARGV[3])
redis.call('expire', KEYS[1], ARGV[3])
return 1`

// The newest time an author's recent list held, raised (never lowered) as a post goes in: a warm
// page (warm-pages.ts) skips a celebrity's list whose newest is older than the page's end, so a
// value below a post in the list would hide that post. A deleted post leaves it high, which only
// costs a read. (KEYS: the newest; ARGV: a post's time.)
const RAISE_NEWEST = `
local t = tonumber(ARGV[1])
if t > tonumber(redis.call('get', KEYS[1]) or '-1') then redis.call('set', KEYS[1], ARGV[1]) end
return 0`

declare module 'ioredis' {
  interface RedisCommander {
    /** FINISH_REBUILD, registered in createTimelines. */
    mosaicFinishRebuild(timeline: string, built: string, building: string, mark: string, max: number, ttl: number, ...entries: (string | number)[]): Promise<number>
  }
  interface ChainableCommander {
    /** ADD_IF_BUILT, registered on the client with defineCommand in createTimelines. */
    mosaicAddIfBuilt(timeline: string, built: string, building: string, ranking: string, score: number, member: string, max: number): ChainableCommander
    /** RAISE_NEWEST, registered in createTimelines. */
    mosaicRaiseNewest(newest: string, t: number): ChainableCommander
  }
}

const FANOUT_BATCH = 5000
// A reader's followed celebrities: dropped when their follows change and when an author they follow
// becomes one (fan-out), so the expiry only bounds a list written by a read that raced such a change.
const CELEBRITY_CACHE_SECONDS = 600
// Longer than any rebuild takes: a rebuild that died leaves no flag behind for long.
const BUILDING_SECONDS = 60
// A reader's `top` ranking is reused for this long unless a post reaches their timeline or their
// follows change (counts on its posts are always current; only the order waits): a refresh does not
// reshuffle what the reader is scrolling. When follows last changed is kept twice as long, so it
// outlives every ranking made before.
const RANKING_REUSE_SECONDS = 180

export function createTimelines(opts: { db: Queryable; redis: RedisClient; config: FeedConfig; postCache?: PostCache }): Timelines {
  const { db, redis, config } = opts
  redis.defineCommand('mosaicAddIfBuilt', { numberOfKeys: 4, lua: ADD_IF_BUILT })
  redis.defineCommand('mosaicFinishRebuild', { numberOfKeys: 3, lua: FINISH_REBUILD })
  redis.defineCommand('mosaicRaiseNewest', { numberOfKeys: 1, lua: RAISE_NEWEST })
  const addIfBuilt = (pipe: ChainableCommander, userId: string, e: FeedEntry) =>
    pipe.mosaicAddIfBuilt(keys.timeline(userId), keys.timelineBuilt(userId), keys.timelineBuilding(userId), keys.topRanking(userId), e.t, e.id, config.timelineMax)

  /** An author's approved followers in batches, each handed to `write` (whose first failed reply is thrown). */
  async function eachFollowerBatch(authorId: string, write: (batch: string[]) => Promise<[Error | null, unknown][][]>) {
    let last = '00000000-0000-0000-0000-000000000000'
    for (;;) {
      const batch = await db
        .select({ id: follows.followerId })
        .from(follows)
        .where(and(eq(follows.followeeId, authorId), eq(follows.state, 'accepted'), gt(follows.followerId, last)))
        .orderBy(asc(follows.followerId))
        .limit(FANOUT_BATCH)
      if (batch.length === 0) return
      throwFirstError(await write(batch.map((f) => f.id)))
      last = batch[batch.length - 1]!.id
      if (batch.length < FANOUT_BATCH) return
    }
  }

  const followerCount = async (authorId: string) =>
    (await db.select({ n: users.followerCount }).from(users).where(eq(users.id, authorId)))[0]?.n ?? 0

  /** The per-author list of recent posts, rebuilt from Postgres when Redis lost it. */
  async function authorRecent(authorId: string, after: number, limit: number): Promise<FeedEntry[]> {
    if (!(await redis.exists(keys.authorRecentBuilt(authorId)))) {
      const latest = await authorLatest(db, authorId, AUTHOR_RECENT_MAX)
      const m = redis.multi().del(keys.authorRecent(authorId))
      if (latest.length) m.zadd(keys.authorRecent(authorId), ...latest.flatMap((e) => [e.t, e.id])).mosaicRaiseNewest(keys.authorNewest(authorId), Math.max(...latest.map((e) => e.t)))
      await m.set(keys.authorRecentBuilt(authorId), '1').exec()
    }
    const flat = await redis.zrevrangebyscore(keys.authorRecent(authorId), after, '-inf', 'WITHSCORES', 'LIMIT', 0, limit)
    return pairs(flat)
  }

  /** Recent posts of several authors in one round trip (lists Redis lost are rebuilt first). */
  async function authorsRecent(authorIds: string[], after: number, limit: number, min?: number): Promise<FeedEntry[][]> {
    if (authorIds.length === 0) return []
    // Each author's keys share a slot, different authors' need not: one pipeline per node.
    const read = () =>
      pipelineAcrossSlots(
        redis,
        authorIds,
        keys.authorRecent,
        (pipe, id) => void pipe.exists(keys.authorRecentBuilt(id)).zrevrangebyscore(keys.authorRecent(id), after, min ?? '-inf', 'WITHSCORES', 'LIMIT', 0, limit),
      )
    let res = await read()
    const missing = authorIds.filter((_, i) => !res[i]?.[0]?.[1])
    if (missing.length) {
      for (const id of missing) await authorRecent(id, after, 0)
      res = await read()
    }
    return authorIds.map((_, i) => {
      const [err, flat] = res[i]?.[1] ?? [new Error('no reply'), null]
      if (err) throw err
      return pairs(flat as string[])
    })
  }

  // One round trip for the common case: is the timeline built, its range, the followed celebrities.
  async function read(userId: string, range: { max?: number; min?: number; count: number }) {
    const tl = keys.timeline(userId)
    const res = checked(
      await redis
        .pipeline()
        .exists(keys.timelineBuilt(userId))
        .zrevrangebyscore(tl, range.max ?? '+inf', range.min ?? '-inf', 'WITHSCORES', 'LIMIT', 0, range.count)
        .get(keys.celebrities(userId))
        .expire(tl, TIMELINE_TTL_SECONDS)
        .scard(keys.timelineBuilding(userId))
        .exec(),
    )
    // Built and no rebuild under way (one that started after another finished has emptied the list).
    const built = Boolean(res[0]) && !(Number(res[4] ?? 0) > 0)
    return { built, entries: pairs(res[1] as string[]), celebrities: res[2] ? (JSON.parse(res[2] as string) as string[]) : null }
  }

  /**
   * A reader's timeline exists and is fresh: rebuilt from Postgres if it was never built or lost.
   * While it is rebuilt, fan-out adds to it (the building marks), so a post that commits after the
   * rebuild read Postgres is not lost between the read and the write; the list is trimmed at the end.
   * Throws when the rebuild's mark was lost meanwhile (FINISH_REBUILD): the job is retried.
   */
  async function ensureBuilt(userId: string): Promise<void> {
    if (await redis.exists(keys.timelineBuilt(userId))) return
    const tl = keys.timeline(userId)
    const building = keys.timelineBuilding(userId)
    // Readers see no built timeline until this rebuild ends (they are served from Postgres); each
    // rebuild in progress keeps a mark of its own, so one that ends first leaves fan-out adding for the others.
    const mark = randomBytes(9).toString('base64url')
    checked(await redis.multi().del(keys.timelineBuilt(userId)).del(tl).sadd(building, mark).expire(building, BUILDING_SECONDS).exec())
    const entries = await pullLatest(db, userId, { limit: config.timelineMax, excludeFollowersOver: config.celebrityThreshold })
    const done = await redis.mosaicFinishRebuild(tl, keys.timelineBuilt(userId), building, mark, config.timelineMax, TIMELINE_TTL_SECONDS, ...entries.flatMap((e) => [e.t, e.id]))
    if (done !== 1) throw new Error('the timeline rebuild lost its building mark (a Redis failover?): rebuilt again')
  }

  const jobs: FeedJobs = {
    /**
     * Pushes a new post into every follower's timeline in pipelined batches (unless the author is a
     * celebrity). A write that fails (a node failing over, the breaker open) fails the job, which the
     * queue retries: the same entries again, so a built timeline never stays without the post.
     */
    async 'feed.fanout'({ postId, authorId, createdAt }) {
      const entry = { id: postId, t: createdAt }
      const celebrity = (await followerCount(authorId)) > config.celebrityThreshold
      const m = redis
        .multi()
        .zadd(keys.authorRecent(authorId), entry.t, entry.id)
        .zremrangebyrank(keys.authorRecent(authorId), 0, -(AUTHOR_RECENT_MAX + 1))
        .mosaicRaiseNewest(keys.authorNewest(authorId), entry.t)
      // Whether this author's last post was a celebrity's: set on the first after crossing the threshold.
      const [, , , marked] = checked(await (celebrity ? m.set(keys.celebrityMark(authorId), '1', 'NX') : m.del(keys.celebrityMark(authorId))).exec())
      const own = redis.pipeline()
      addIfBuilt(own, authorId, entry)
      checked(await own.exec())
      if (celebrity) {
        // Just became one: followers' cached celebrity lists lack them, and their posts now reach
        // followers only through those lists. Dropped, each is read again on its reader's next page.
        if (marked === 'OK') await eachFollowerBatch(authorId, (batch) => pipelineAcrossSlots(redis, batch, keys.celebrities, (pipe, f) => void pipe.del(keys.celebrities(f))))
        return
      }
      // Followers' timelines sit in many slots: one pipeline per node.
      await eachFollowerBatch(authorId, (batch) => pipelineAcrossSlots(redis, batch, keys.timeline, (pipe, f) => addIfBuilt(pipe, f, entry)))
    },

    /** A reader's timeline, missing or lost, rebuilt from Postgres (a no-op when another run built it first). */
    async 'feed.rebuild'({ userId }) {
      await ensureBuilt(userId)
    },

    /** A deleted post: gone from its author's list and the cache now; readers' timelines drop it when they meet it. */
    async 'feed.purgePost'({ postId, authorId }) {
      await redis.zrem(keys.authorRecent(authorId), postId)
      await opts.postCache?.invalidate(postId)
      // Its counts too: `top` ranks timeline entries by them, and a deleted post must not take a place.
      await redis.del(keys.counts(postId))
    },

    /** Follow: backfill the followee's recent posts. Unfollow, block, removal: purge them. */
    async 'feed.followChanged'({ followerId, followeeId, following }) {
      checked(
        await redis
          .multi()
          .del(keys.celebrities(followerId), keys.topRanking(followerId))
          .set(keys.followsChanged(followerId), String(Date.now()), 'EX', RANKING_REUSE_SECONDS * 2)
          .exec(),
      )
      if (!(await redis.exists(keys.timelineBuilt(followerId)))) return
      const recent = await authorLatest(db, followeeId, config.timelineMax)
      if (recent.length === 0) return
      if (!following) {
        await redis.zrem(keys.timeline(followerId), ...recent.map((e) => e.id))
        return
      }
      if ((await followerCount(followeeId)) > config.celebrityThreshold) return
      const pipe = redis.pipeline()
      for (const e of recent) addIfBuilt(pipe, followerId, e)
      checked(await pipe.exec())
    },
  }

  return {
    jobs,
    read,
    ensureBuilt,
    authorsRecent,
    async rankingOf(userId) {
      const [ranking, changed] = await redis.mget(keys.topRanking(userId), keys.followsChanged(userId))
      if (!ranking) return null
      const [snapshotId, madeAt] = ranking.split('@')
      // Made before the follows last changed: it may hold an account no longer followed.
      return snapshotId && Number(madeAt) > Number(changed ?? 0) ? snapshotId : null
    },
    async keepRanking(userId, snapshotId, madeAt) {
      await redis.set(keys.topRanking(userId), `${snapshotId}@${madeAt}`, 'EX', RANKING_REUSE_SECONDS)
    },
    async cacheCelebrities(userId, ids) {
      await redis.set(keys.celebrities(userId), JSON.stringify(ids), 'EX', CELEBRITY_CACHE_SECONDS)
    },
    async drop(userId, postIds) {
      if (postIds.length) await redis.zrem(keys.timeline(userId), ...postIds).catch(() => {})
    },
    async forgetAccount(userId, postIds, followerIds) {
      await redis.del(keys.timeline(userId), keys.timelineBuilt(userId), keys.timelineBuilding(userId), keys.celebrities(userId), keys.topRanking(userId), keys.followsChanged(userId))
      await redis.del(keys.authorRecent(userId), keys.authorRecentBuilt(userId), keys.authorNewest(userId))
      // Followers' timelines hold at most `timelineMax` entries, so only that many of the newest
      // posts can be in one; each follower's keys share a slot, so a ZREM per follower per chunk.
      const ids = postIds.slice(0, config.timelineMax)
      if (ids.length === 0) return
      for (let i = 0; i < followerIds.length; i += FANOUT_BATCH) {
        const replies = await pipelineAcrossSlots(redis, followerIds.slice(i, i + FANOUT_BATCH), keys.timeline, (pipe, f) => {
          for (let j = 0; j < ids.length; j += 1000) pipe.zrem(keys.timeline(f), ...ids.slice(j, j + 1000))
        })
        throwFirstError(replies)
      }
    },
  }
}

function pairs(flat: string[]): FeedEntry[] {
  const out: FeedEntry[] = []
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ id: flat[i]!, t: Number(flat[i + 1]) })
  return out
}
