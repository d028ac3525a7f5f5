// When a followers' feed misses posts after a Redis failover: where each missing post is (or is not)
// in Redis, so a failure says whether a timeline write or the fan-out job was lost.
import { Cluster } from 'ioredis'
import type { Person } from './people.ts'

export async function whereInRedis(nodes: string, prefix: string, reader: Person, authorId: string, missing: string[]) {
  const redis = new Cluster(nodes.split(',').map((hp) => ({ host: hp.slice(0, hp.lastIndexOf(':')), port: Number(hp.slice(hp.lastIndexOf(':') + 1)) })))
  try {
    await new Promise((resolve) => redis.once('ready', resolve))
    const timeline = `${prefix}{u:${reader.id}}:tl`
    const out = {
      reader: reader.username,
      timelineBuilt: await redis.exists(`${prefix}{u:${reader.id}}:tlb`),
      timelineEntries: await redis.zcard(timeline),
      missing: [] as { id: string; inTimeline: boolean; inAuthorRecent: boolean }[],
    }
    for (const id of missing) {
      out.missing.push({
        id,
        inTimeline: (await redis.zscore(timeline, id)) !== null,
        inAuthorRecent: (await redis.zscore(`${prefix}{a:${authorId}}:recent`, id)) !== null,
      })
    }
    return out
  } finally {
    redis.disconnect()
  }
}
