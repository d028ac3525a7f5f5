import type { RedisClient } from './client.ts'
import type { SuggestionCache } from '../../ports.ts'
import { SUGGESTIONS_TTL_SECONDS, type CachedPopular, type CachedSuggestions } from '../../types.ts'
import { keys } from './keys.ts'

// SET unless the list already there was computed later, in one step.
const SET_IF_NEWER = `
local had = redis.call('GET', KEYS[1])
if had and cjson.decode(had).computedAt > tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1`

/**
 * Who-to-follow lists in Redis, shared by every process: the worker writes, any process reads.
 * While Redis does not answer, this process's memory stands in (a miss there is recomputed).
 */
export function createRedisSuggestionCache(redis: RedisClient, fallback: SuggestionCache): SuggestionCache {
  const read = async <T>(key: string): Promise<T | null | 'down'> => {
    try {
      const raw = await redis.get(key)
      return raw ? (JSON.parse(raw) as T) : null
    } catch {
      return 'down'
    }
  }
  const write = (key: string, value: unknown) =>
    redis.set(key, JSON.stringify(value), 'EX', SUGGESTIONS_TTL_SECONDS).then(
      () => true,
      () => false,
    )
  return {
    async get(userId) {
      const hit = await read<CachedSuggestions>(keys.suggestions(userId))
      return hit === 'down' ? fallback.get(userId) : hit
    },
    async set(userId, list) {
      const stored = await redis.eval(SET_IF_NEWER, 1, keys.suggestions(userId), JSON.stringify(list), list.computedAt, SUGGESTIONS_TTL_SECONDS).then(
        () => true,
        () => false,
      )
      if (!stored) await fallback.set(userId, list)
    },
    async popular() {
      const hit = await read<CachedPopular>(keys.popularAccounts)
      return hit === 'down' ? fallback.popular() : hit
    },
    async setPopular(list) {
      if (!(await write(keys.popularAccounts, list))) await fallback.setPopular(list)
    },
    async forget(userId) {
      await fallback.forget(userId)
      await redis.del(keys.suggestions(userId)).catch(() => {})
      // The most followed list is rewritten without the account; a recompute racing this one only
      // brings back an id that every read filters out (it is no longer a user).
      const popular = await read<CachedPopular>(keys.popularAccounts)
      if (popular && popular !== 'down' && popular.ids.includes(userId)) await write(keys.popularAccounts, { ...popular, ids: popular.ids.filter((id) => id !== userId) })
    },
  }
}
