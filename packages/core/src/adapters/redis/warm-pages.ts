import { Cluster } from 'ioredis'
import type { WarmPageQuery, WarmPageRead, WarmPages, WarmPost, WarmSession, WarmTexts } from '../../ports.ts'
import type { RedisClient } from './client.ts'
import { keys, TIMELINE_TTL_SECONDS } from './keys.ts'
import { splitStamped } from './stamp.ts'

// A warm home-feed page in one script: what timelines.ts's read and the celebrity merge, the
// reused `top` ranking (rankingOf and the snapshot), the post cache, post-counts.ts and
// hot-counters.ts read in four to six round trips, read here in one. It answers nothing (false)
// whenever the general path would have to do more than read: a timeline not built or being
// rebuilt, a reader's liked or saved set not built, a celebrity's list lost, a post, its counts or
// its author summary missing (a deleted post, an expired cache), a `top` page of a ranking that is
// not the reader's current one. That path then serves the page and fills what was missing. The
// posts' cores and author summaries are not copied out, only their stamps (stamp.ts): the caller
// keeps each post's shape made from them, and reads the texts (`texts`, a second round trip) only
// for the posts whose shape it does not hold.
//
// The reader's keys are declared (one hash tag); posts, authors, celebrities' lists and the
// snapshot are found from what the script reads, so this runs on a single Redis only, where keys
// need not be declared. On a Redis Cluster pages take the general path (per-node pipelines).
//
// KEYS: timeline, built, building, celebrities, liked, liked built, saved, saved built, ranking, follows changed
// ARGV: key prefix, mode (l|t), limit, after score ('' for none), after id, snapshot id ('' for the current), offset, timeline TTL,
//       the session's key and its cached text ('' and '': none to check; its key is in another slot, as the posts')
// Returns: { more (0|1), snapshot id ('' for latest), the session entry's time to live (ms; -1: none checked), then per post: id, its core's stamp, author id, the author
//   summary's stamp, counts, liked, saved };
// 0 when the session's entry is not that text any more (signed out, expired, another's)
const WARM_PAGE = `
local prefix, limit = ARGV[1], tonumber(ARGV[3])
local sessionTtl = -1
if ARGV[9] ~= '' then
  if redis.call('get', prefix .. ARGV[9]) ~= ARGV[10] then return 0 end
  sessionTtl = redis.call('pttl', prefix .. ARGV[9])
end
if redis.call('exists', KEYS[2], KEYS[6], KEYS[8]) < 3 or redis.call('scard', KEYS[3]) > 0 then return false end
local ids, more, snap = {}, 0, ''
if ARGV[2] == 'l' then
  local celebs = redis.call('get', KEYS[4])
  if not celebs then return false end
  redis.call('expire', KEYS[1], ARGV[8])
  local hasAfter = ARGV[4] ~= ''
  local afterT, afterId = tonumber(ARGV[4]), ARGV[5]
  local max = hasAfter and ARGV[4] or '+inf'
  -- A list's entries after the cursor, newest first (a sorted set's order: score, then id), as
  -- parallel arrays. The first page needs the page and one more (to know whether another follows);
  -- a later one, as the general path, twenty more that may share the cursor's score.
  local count = hasAfter and limit + 21 or limit + 1
  local function range(key, min)
    local flat, list = redis.call('zrevrangebyscore', key, max, min, 'WITHSCORES', 'LIMIT', 0, count), { ids = {}, ts = {}, scores = {} }
    local n = 0
    for i = 1, #flat, 2 do
      local id, t = flat[i], tonumber(flat[i + 1])
      if not hasAfter or t < afterT or (t == afterT and id < afterId) then
        n = n + 1
        list.ids[n], list.ts[n], list.scores[n] = id, t, flat[i + 1]
      end
    end
    return list
  end
  -- The page and one more so far, newest first (ties by id), each post once: times, ids, scores.
  local bt, bi, bs, seen = {}, {}, {}, {}
  -- Merges a list in. Entries past the page and one more are dropped: those before them are all newer.
  local function merge(list)
    local nt, ni, ns, i, j, n = {}, {}, {}, 1, 1, 0
    while n <= limit do
      local t1, t2 = bt[i], list.ts[j]
      if not t1 and not t2 then break end
      if t2 and (not t1 or t2 > t1 or (t2 == t1 and list.ids[j] > bi[i])) then
        local id = list.ids[j]
        if not seen[id] then
          seen[id] = true
          n = n + 1
          nt[n], ni[n], ns[n] = t2, id, list.scores[j]
        end
        j = j + 1
      else
        n = n + 1
        nt[n], ni[n], ns[n] = t1, bi[i], bs[i]
        i = i + 1
      end
    end
    bt, bi, bs = nt, ni, ns
  end
  merge(range(KEYS[1], '-inf'))
  local followed = cjson.decode(celebs)
  if #followed > 0 then
    -- Per celebrity, their list's built flag and the newest time it ever held (timelines.ts).
    local flags = {}
    for i, c in ipairs(followed) do
      flags[2 * i - 1], flags[2 * i] = prefix .. '{a:' .. c .. '}:recentb', prefix .. '{a:' .. c .. '}:newest'
    end
    flags = redis.call('mget', unpack(flags))
    local lists = {}
    for i, c in ipairs(followed) do
      if not flags[2 * i - 1] then return false end
      lists[i] = { key = prefix .. '{a:' .. c .. '}:recent', newest = tonumber(flags[2 * i] or '') }
    end
    -- Newest first (those not known first of all): each list merged raises the bar for the next.
    table.sort(lists, function(a, b) return (a.newest or math.huge) > (b.newest or math.huge) end)
    for _, l in ipairs(lists) do
      -- Once the page and one more are full, an older post cannot make it (ties included: they
      -- are ordered by id), and a list whose newest post is older is not read at all.
      local minT = bt[limit + 1]
      if not (minT and l.newest and l.newest < minT) then merge(range(l.key, bs[limit + 1] or '-inf')) end
    end
  end
  for n = 1, math.min(#bi, limit) do ids[n] = bi[n] end
  if #bi > limit then more = 1 end
else
  local ranking, changed = redis.call('get', KEYS[9]), redis.call('get', KEYS[10])
  if not ranking then return false end
  local current, madeAt = string.match(ranking, '^(.-)@(%d+)$')
  if not current or tonumber(madeAt) <= tonumber(changed or '0') then return false end
  if ARGV[6] ~= '' and ARGV[6] ~= current then return false end
  snap = current
  local raw = redis.call('get', prefix .. '{s:' .. snap .. '}')
  if not raw then return false end
  local offset, total = tonumber(ARGV[7]), (#raw - 1) / 39
  if #raw > 2 and total == math.floor(total) then
    -- A ranking of post ids (36 characters each, quoted, comma-separated): the page's, cut out.
    for i = offset + 1, math.min(offset + limit, total) do
      local at = 3 + (i - 1) * 39
      if string.byte(raw, at - 1) ~= 34 or string.byte(raw, at + 36) ~= 34 then return false end
      ids[#ids + 1] = string.sub(raw, at, at + 35)
    end
  else
    local ranked = cjson.decode(raw)
    total = #ranked
    for i = offset + 1, math.min(offset + limit, total) do ids[#ids + 1] = ranked[i] end
  end
  if offset + limit < total then more = 1 end
end
local out = { more, snap, sessionTtl }
if #ids == 0 then return out end
-- Per post its cached core's stamp and author, its counts; per author their summary's stamp. The
-- texts stay here: the caller holds each post's shape made from them. A stamp is a text's last
-- bytes (stamp.ts), ,"~":"<16 hex>/<author id>"} for a post and ,"~":"<16 hex>"} for an author,
-- cut at fixed places (JSON escapes a quote inside a string, so only the stamp member ends a text so).
local function tail(key, len)
  local t = redis.call('getrange', key, -len, -1)
  if #t == len and string.sub(t, 1, 6) == ',"~":"' and string.sub(t, -2) == '"}' then return t end
end
local countKeys, stamps, authorOf, authors, slot = {}, {}, {}, {}, {}
for i, id in ipairs(ids) do
  countKeys[i] = prefix .. '{p:' .. id .. '}:n'
  local t = tail(prefix .. '{p:' .. id .. '}', 61)
  if not t or string.byte(t, 23) ~= 47 then return false end
  local a = string.sub(t, 24, 59)
  if not slot[a] then
    local at = tail(prefix .. '{u:' .. a .. '}:sum', 24)
    if not at then return false end
    authors[#authors + 1] = string.sub(at, 7, 22)
    slot[a] = #authors
  end
  stamps[i], authorOf[i] = string.sub(t, 7, 22), a
end
local counts = redis.call('mget', unpack(countKeys))
local liked, saved = redis.call('smismember', KEYS[5], unpack(ids)), redis.call('smismember', KEYS[7], unpack(ids))
for i, id in ipairs(ids) do
  if not counts[i] then return false end
  out[#out + 1] = id
  out[#out + 1] = stamps[i]
  out[#out + 1] = authorOf[i]
  out[#out + 1] = authors[slot[authorOf[i]]]
  out[#out + 1] = counts[i]
  out[#out + 1] = liked[i]
  out[#out + 1] = saved[i]
end
return out`

declare module 'ioredis' {
  interface RedisCommander {
    /** WARM_PAGE, registered by createRedisWarmPages. */
    mosaicWarmPage(...args: (string | number)[]): Promise<(string | number)[] | number | null>
  }
}

const FIELDS = 7

/** Warm pages from a single Redis; null on a Redis Cluster, whose pages take the general path. */
export function createRedisWarmPages(redis: RedisClient): WarmPages | null {
  if (redis instanceof Cluster) return null
  redis.defineCommand('mosaicWarmPage', { numberOfKeys: 10, lua: WARM_PAGE })
  const prefix = redis.options.keyPrefix ?? ''
  return {
    async read(viewerId: string, q: WarmPageQuery, session?: WarmSession): Promise<WarmPageRead | 'cold' | null> {
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
      if (reply === 0) return null // the session's entry is not that text any more
      if (!Array.isArray(reply)) return 'cold'
      const posts: WarmPost[] = []
      for (let i = 3; i + FIELDS <= reply.length; i += FIELDS) {
        posts.push({ id: String(reply[i]), stamp: String(reply[i + 1]), authorId: String(reply[i + 2]), authorStamp: String(reply[i + 3]), counts: String(reply[i + 4]), liked: reply[i + 5] === 1, saved: reply[i + 6] === 1 })
      }
      return { posts, more: reply[0] === 1, snapshotId: reply[1] ? String(reply[1]) : null, sessionTtlMs: Number(reply[2]) }
    },
    async texts(posts: WarmPost[]) {
      const authorIds = [...new Set(posts.map((p) => p.authorId))]
      const found = await redis.mget(...posts.map((p) => keys.post(p.id)), ...authorIds.map(keys.author))
      const authors = new Map(authorIds.map((id, i) => [id, found[posts.length + i]]))
      const out: WarmTexts[] = []
      for (const [i, post] of posts.entries()) {
        const core = found[i] && splitStamped(found[i])
        const author = authors.get(post.authorId)
        const summary = author && splitStamped(author)
        // Just what the page's script saw, or the page is not warm any more.
        if (!core || !summary || core.stamp !== `${post.stamp}/${post.authorId}` || summary.stamp !== post.authorStamp) return null
        out.push({ core: core.json, author: summary.json })
      }
      return out
    },
  }
}
