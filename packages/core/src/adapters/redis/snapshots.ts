import { randomBytes } from 'node:crypto'
import type { RedisClient } from './client.ts'
import type { RankSnapshots } from '../../ports.ts'
import { SNAPSHOT_TTL_SECONDS } from '../../types.ts'
import { keys } from './keys.ts'

/** Ranked snapshots in Redis, shared by every process; in memory while Redis does not answer. */
export function createRedisSnapshots(redis: RedisClient, fallback: RankSnapshots): RankSnapshots {
  return {
    async save(ids) {
      const id = `r${randomBytes(9).toString('base64url')}`
      try {
        await redis.set(keys.snapshot(id), JSON.stringify(ids), 'EX', SNAPSHOT_TTL_SECONDS)
        return id
      } catch {
        return `m${await fallback.save(ids)}`
      }
    },
    async load(id) {
      if (id.startsWith('m')) return fallback.load(id.slice(1))
      const raw = await redis.get(keys.snapshot(id)).catch(() => null)
      return raw ? (JSON.parse(raw) as string[]) : null
    },
  }
}
