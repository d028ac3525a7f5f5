import { Cluster } from 'ioredis'
import type { WarmPageQuery, WarmPageRead, WarmPages, WarmPost, WarmSession } from '../../ports.ts'
import type { RedisClient } from './client.ts'
import { keys, TIMELINE_TTL_SECONDS } from './keys.ts'

// A warm home-feed page in one script: what timelines.ts's read and the celebrity merge, the
// reused `top` ranking (rankingOf and the snapshot), the post cache, post-counts.ts and
// hot-counters.ts read in four to six round trips, read here in one. It answers nothing (false)
// whenever the general path would have to do more than read: a timeline not built or being
// rebuilt, a reader's liked or saved set not built, a celebrity's list lost, a post, its counts or
// its author summary missing (a deleted post, an expired cache), a `top` page of a ranking that is
// not the reader's current one. That path then serves the page and fills what was missing.
//
// The reader's keys are declared (one hash tag); posts, authors, celebrities' lists and the
// snapshot are found from what the script reads, so this runs on a single Redis only, where keys
// need not be declared. On a Redis Cluster pages take the general path (per-node pipelines).
//
// KEYS: timeline, built, building, celebrities, liked, liked built, saved, saved built, ranking, follows changed
// ARGV: key prefix, mode (l|t), limit, after score ('' for none), after id, snapshot id ('' for the current), offset, timeline TTL,
//       the session's key and its cached text ('' and '': none to check; its key is in another slot, as the posts')
// Returns: { more (0|1), snapshot id ('' for latest), then per post: id, core, counts, liked, saved, author summary };
// 0 when the session's entry is not that text any more (signed out, expired, another's)
const WARM_PAGE = `
local prefix, limit = ARGV[1], tonumber(ARGV[3])
if ARGV[9] ~= '' and redis.call('get', prefix .. ARGV[9]) ~= ARGV[10] then return 0 end
if redis.call('exists', KEYS[2]) == 0 or redis.call('scard', KEYS[3]) > 0 then return false end
if redis.call('exists', KEYS[6]) == 0 or redis.call('exists', KEYS[8]) == 0 then return false end
local ids, more, snap = {}, 0, ''
if ARGV[2] == 'l' then
  local celebs = redis.call('get', KEYS[4])
  if not celebs then return false end
  redis.call('expire', KEYS[1], ARGV[8])
  local hasAfter = ARGV[4] ~= ''
  local afterT, afterId = tonumber(ARGV[4]), ARGV[5]
  local max = hasAfter and ARGV[4] or '+inf'
  local list, seen = {}, {}
  local function take(flat)
    for i = 1, #flat, 2 do
      local id, t = flat[i], tonumber(flat[i + 1])
      if not seen[id] and (not hasAfter or t < afterT or (t == afterT and id < afterId)) then
        seen[id] = true
        list[#list + 1] = { id, t, flat[i + 1] }
      end
    end
  end
  -- As many as the general path reads: the page, one more to know whether another follows, and
  -- twenty that may share the cursor's score.
  take(redis.call('zrevrangebyscore', KEYS[1], max, '-inf', 'WITHSCORES', 'LIMIT', 0, limit + 21))
  -- When the timeline alone fills the page and the one after, a celebrity's post older than its
  -- last entry there cannot make it (ties included: they are ordered by id below).
  local min = #list > limit and list[limit + 1][3] or '-inf'
  for _, c in ipairs(cjson.decode(celebs)) do
    if redis.call('exists', prefix .. '{a:' .. c .. '}:recentb') == 0 then return false end
    take(redis.call('zrevrangebyscore', prefix .. '{a:' .. c .. '}:recent', max, min, 'WITHSCORES', 'LIMIT', 0, limit + 21))
  end
  table.sort(list, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] > b[1]) end)
  if #list > limit then more = 1 end
  for i = 1, math.min(limit, #list) do ids[i] = list[i][1] end
else
  local ranking, changed = redis.call('get', KEYS[9]), redis.call('get', KEYS[10])
  if not ranking then return false end
  local current, madeAt = string.match(ranking, '^(.-)@(%d+)$')
  if not current or tonumber(madeAt) <= tonumber(changed or '0') then return false end
  if ARGV[6] ~= '' and ARGV[6] ~= current then return false end
  snap = current
  local raw = redis.call('get', prefix .. '{s:' .. snap .. '}')
  if not raw then return false end
  local ranked = cjson.decode(raw)
  local offset = tonumber(ARGV[7])
  for i = offset + 1, math.min(offset + limit, #ranked) do ids[#ids + 1] = ranked[i] end
  if offset + limit < #ranked then more = 1 end
end
local out, authors = { more, snap }, {}
for _, id in ipairs(ids) do
  local core = redis.call('get', prefix .. '{p:' .. id .. '}')
  local counts = redis.call('get', prefix .. '{p:' .. id .. '}:n')
  if not core or not counts then return false end
  local a = string.match(core, '"authorId":"([^"]+)"')
  local author = a and (authors[a] or redis.call('get', prefix .. '{u:' .. a .. '}:sum'))
  if not author then return false end
  authors[a] = author
  out[#out + 1] = id
  out[#out + 1] = core
  out[#out + 1] = counts
  out[#out + 1] = redis.call('sismember', KEYS[5], id)
  out[#out + 1] = redis.call('sismember', KEYS[7], id)
  out[#out + 1] = author
end
return out`

declare module 'ioredis' {
  interface RedisCommander {
    /** WARM_PAGE, registered by createRedisWarmPages. */
    mosaicWarmPage(...args: (string | number)[]): Promise<(string | number)[] | number | null>
  }
}

const FIELDS = 6

/** Warm pages from a single Redis; null on a Redis Cluster, whose pages take the general path. */
export function createRedisWarmPages(redis: RedisClient): WarmPages | null {
  if (redis instanceof Cluster) return null
  redis.defineCommand('mosaicWarmPage', { numberOfKeys: 10, lua: WARM_PAGE })
  const prefix = redis.options.keyPrefix ?? ''
  return {
    async read(viewerId: string, q: WarmPageQuery, session?: WarmSession): Promise<WarmPageRead | null> {
      const u = viewerId
      const after = q.mode === 'latest' ? q.after : null
      const reply = await redis.mosaicWarmPage(
        ...[keys.timeline(u), keys.timelineBuilt(u), keys.timelineBuilding(u), keys.celebrities(u), keys.liked(u), keys.likedBuilt(u), keys.saved(u), keys.savedBuilt(u), keys.topRanking(u), keys.followsChanged(u)],
        prefix,
        q.mode === 'latest' ? 'l' : 't',
        q.limit,
        after ? after.t : '',
        after ? after.id : '',
        q.mode === 'top' ? (q.snapshotId ?? '') : '',
        q.mode === 'top' ? q.offset : 0,
        TIMELINE_TTL_SECONDS,
        session ? keys.session(session.tokenHash) : '',
        session?.cached ?? '',
      )
      if (!Array.isArray(reply)) return null
      const posts: WarmPost[] = []
      for (let i = 2; i + FIELDS <= reply.length; i += FIELDS) {
        posts.push({ id: String(reply[i]), core: String(reply[i + 1]), counts: String(reply[i + 2]), liked: reply[i + 3] === 1, saved: reply[i + 4] === 1, author: String(reply[i + 5]) })
      }
      return { posts, more: reply[0] === 1, snapshotId: reply[1] ? String(reply[1]) : null }
    },
  }
}
