import { randomBytes } from 'node:crypto'
import { rows, sql, type Queryable } from '@mosaic/db'
import type { ChainableCommander } from 'ioredis'
import type { RedisClient } from './client.ts'
import type { TagTrends } from '../../ports.ts'
import { reachWeight, trendBuckets } from '../../tags/trending.math.ts'
import type { TagCount, TrendingList } from '../../types.ts'
import { keys } from './keys.ts'

// Records one post's tags in its time bucket, atomically and idempotently (a retried job changes
// nothing): each tag's uses get the member `<authorId>:<postId>` at the post's time, and the bucket's
// reach sum of a tag grows by the author's weight the first time that author uses it in the bucket.
const RECORD = `
local t, author, member, weight, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
for i = 3, #KEYS do
  local tag = ARGV[i + 3]
  if redis.call('hsetnx', KEYS[2], tag .. '|' .. author, 1) == 1 then
    redis.call('zincrby', KEYS[1], weight, tag)
  end
  redis.call('zadd', KEYS[i], t, member)
  redis.call('expire', KEYS[i], ttl)
end
redis.call('expire', KEYS[1], ttl)
redis.call('expire', KEYS[2], ttl)
return 1`

declare module 'ioredis' {
  interface ChainableCommander {
    /** RECORD, registered on the client with defineCommand in createRedisTagTrends. */
    mosaicTrendRecord(numberOfKeys: number, ...keysThenArgs: (string | number)[]): ChainableCommander
  }
}

type PostRow = { author_id: string; t: string | number; follower_count: number; is_private: boolean; tags: string[] | null }

/**
 * Trending on Redis: a sliding window over time buckets written as posts commit (the
 * `trending.record` job). The worker's refresh reads the window's uses with their exact times,
 * checks the posts in Postgres (deleted posts and accounts gone private drop out, reach is the
 * author's follower count now), and sums the baseline buckets in Redis. Reads fall back to the
 * Postgres answer while Redis does not answer.
 */
export function createRedisTagTrends(opts: { db: Queryable; redis: RedisClient; windowMs: number; fallback: TagTrends }): TagTrends {
  const { db, redis, windowMs, fallback } = opts
  redis.defineCommand('mosaicTrendRecord', { lua: RECORD })

  async function record(postId: string) {
    const [post] = await rows<PostRow>(
      db,
      sql`select p.author_id, floor(extract(epoch from p.created_at) * 1000)::bigint as t, u.follower_count, u.is_private,
            array(select tg.name from post_tags pt join tags tg on tg.id = pt.tag_id where pt.post_id = p.id order by tg.name) as tags
          from posts p join users u on u.id = p.author_id where p.id = ${postId} and p.ready`,
    )
    if (!post || post.is_private || !post.tags?.length) return
    const t = Number(post.t)
    const k = Math.floor(t / windowMs)
    const ttlSeconds = Math.ceil(((trendBuckets(t, windowMs).baseline.length + 3) * windowMs) / 1000)
    const tagKeys = post.tags.map((tag) => keys.trendUses(k, tag))
    await exec(
      redis.pipeline().mosaicTrendRecord(
        2 + tagKeys.length,
        keys.trendBucket(k),
        keys.trendSeen(k),
        ...tagKeys,
        t,
        post.author_id,
        `${post.author_id}:${postId}`,
        reachWeight(post.follower_count),
        ttlSeconds,
        ...post.tags,
      ),
    )
  }

  async function counts(now: number): Promise<TagCount[]> {
    const b = trendBuckets(now, windowMs)
    const names = [...new Set(flat<string>(await exec(b.window.reduce((p, k) => p.zrange(keys.trendBucket(k), 0, -1), redis.pipeline()))))]
    if (names.length === 0) return []
    const read = redis.pipeline()
    for (const tag of names) for (const k of b.window) read.zrangebyscore(keys.trendUses(k, tag), `(${now - windowMs}`, now)
    const usesOf = await exec(read)
    const members = names.map((_, i) => usesOf.slice(i * b.window.length, (i + 1) * b.window.length).flat() as string[])

    const postIds = [...new Set(members.flat().map((m) => m.slice(m.indexOf(':') + 1)))]
    const live = new Map(
      (
        await rows<{ id: string; author_id: string; follower_count: number }>(
          db,
          sql`select p.id, p.author_id, u.follower_count from posts p join users u on u.id = p.author_id
              where p.id = any(${`{${postIds.join(',')}}`}::uuid[]) and p.ready and not u.is_private`,
        )
      ).map((r) => [r.id, r]),
    )

    const tmp = keys.trendBaseline(randomBytes(6).toString('hex'))
    await exec(redis.multi().zunionstore(tmp, b.baseline.length, ...b.baseline.map((k) => keys.trendBucket(k))).expire(tmp, 60))
    const base = await exec(names.reduce((p, tag) => p.zscore(tmp, tag), redis.pipeline()).del(tmp))

    return names.flatMap((tag, i) => {
      const posts = members[i]!.map((m) => live.get(m.slice(m.indexOf(':') + 1))).filter((p) => p !== undefined)
      if (posts.length === 0) return []
      const authors = new Map(posts.map((p) => [p.author_id, reachWeight(p.follower_count)]))
      const observed = [...authors.values()].reduce((s, w) => s + w, 0)
      return [{ tag, posts: new Set(posts.map((p) => p.id)).size, observed, expected: Number(base[i] ?? 0) / b.baseline.length }]
    })
  }

  return {
    record,
    counts: (now) => counts(now).catch(() => fallback.counts(now)),
    async loadTop() {
      try {
        const raw = await redis.get(keys.trendTop())
        return raw ? (JSON.parse(raw) as TrendingList) : null
      } catch {
        return fallback.loadTop()
      }
    },
    async saveTop(list) {
      await fallback.saveTop(list)
      await redis.set(keys.trendTop(), JSON.stringify(list)).catch(() => {})
    },
  }
}

/** Runs a pipeline and returns its replies, throwing the first error. */
async function exec(p: ChainableCommander): Promise<unknown[]> {
  const res = await p.exec()
  if (!res) throw new Error('Redis transaction aborted')
  return res.map(([err, value]) => {
    if (err) throw err
    return value
  })
}

const flat = <T>(replies: unknown[]) => (replies as T[][]).flat()
