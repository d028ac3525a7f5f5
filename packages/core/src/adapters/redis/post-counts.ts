import { rows, sql, type Queryable } from '@mosaic/db'
import { mgetAcrossSlots, pipelineAcrossSlots, type RedisClient } from './client.ts'
import { keys } from './keys.ts'

// Each post's like and comment counts, cached for the feed and for `top`'s ranking, which reads
// hundreds of them per first page. Counts stay cached for an hour and are kept up to date by the
// writes: a like, unlike, comment or comment removal adds its change to the cached counts as it
// commits (changes add up in any order), and marks the post "just changed" for a few seconds. A
// reader fills missing counts from Postgres only where no such mark is set, so a reader whose
// Postgres read came before a write's commit cannot put the old counts back after the write found
// none to change. Left open, bounded by the hour: a reader stalled longer than the mark between
// its read and its fill; a read in the instant between a write's commit and its change here.
const COUNTS_TTL_SECONDS = 3600
const CHANGED_MARK_SECONDS = 10

const FILL_UNLESS_CHANGED = `
if redis.call('exists', KEYS[2]) == 0 then
  redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
return 0`

// ARGV: like delta, comment delta, mark seconds; both deltas 'x': the change is not known, drop the counts.
const APPLY_CHANGE = `
local v = redis.call('get', KEYS[1])
if v then
  if ARGV[1] == 'x' then
    redis.call('del', KEYS[1])
  else
    local l, c = string.match(v, '^(%d+),(%d+)$')
    l = math.max(0, tonumber(l) + tonumber(ARGV[1]))
    c = math.max(0, tonumber(c) + tonumber(ARGV[2]))
    redis.call('set', KEYS[1], l .. ',' .. c, 'KEEPTTL')
  end
end
redis.call('set', KEYS[2], '1', 'EX', ARGV[3])
return 0`

declare module 'ioredis' {
  interface ChainableCommander {
    /** FILL_UNLESS_CHANGED, registered by postCounts. */
    mosaicFillCounts(counts: string, changed: string, value: string, ttl: number): ChainableCommander
  }
  interface RedisCommander {
    /** APPLY_CHANGE, registered by postCounts. */
    mosaicCountsChange(counts: string, changed: string, likes: string, comments: string, markSeconds: number): Promise<number>
  }
}

/** What a write did to a post's counts; unknown (an account's removal) drops them instead. */
export type CountsDelta = { likes: number; comments: number } | 'unknown'

export type Counts = [likes: number, comments: number]

export function postCounts(db: Queryable, redis: RedisClient) {
  redis.defineCommand('mosaicFillCounts', { numberOfKeys: 2, lua: FILL_UNLESS_CHANGED })
  redis.defineCommand('mosaicCountsChange', { numberOfKeys: 2, lua: APPLY_CHANGE })

  /** Counts of existing posts (a deleted one is left out), from Redis, filling misses from Postgres in one query. */
  async function read(postIds: string[]): Promise<Map<string, Counts>> {
    const out = new Map<string, Counts>()
    if (postIds.length === 0) return out
    const vals = await mgetAcrossSlots(redis, postIds.map(keys.counts))
    const missing: string[] = []
    postIds.forEach((id, i) => {
      const v = vals[i]
      if (v) out.set(id, v.split(',').map(Number) as Counts)
      else missing.push(id)
    })
    if (missing.length === 0) return out
    const found = await rows<{ id: string; like_count: number; comment_count: number }>(
      db,
      sql`select id, like_count, comment_count from posts where id = any(${`{${missing.join(',')}}`}::uuid[])`,
    )
    for (const r of found) out.set(r.id, [r.like_count, r.comment_count])
    await pipelineAcrossSlots(redis, found, (r) => keys.counts(r.id), (pipe, r) => pipe.mosaicFillCounts(keys.counts(r.id), keys.countsChanged(r.id), `${r.like_count},${r.comment_count}`, COUNTS_TTL_SECONDS))
    return out
  }

  /** After a write to the post's counts commits. Throws when Redis does not answer. */
  async function changed(postId: string, delta: CountsDelta): Promise<void> {
    const [likes, comments] = delta === 'unknown' ? ['x', 'x'] : [String(delta.likes), String(delta.comments)]
    await redis.mosaicCountsChange(keys.counts(postId), keys.countsChanged(postId), likes, comments, CHANGED_MARK_SECONDS)
  }

  return { read, changed }
}
