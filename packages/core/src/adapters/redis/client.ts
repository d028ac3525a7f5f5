import { Cluster, type ChainableCommander, type Redis } from 'ioredis'

/**
 * What every Redis adapter takes: one redis-server or a Redis Cluster (REDIS_CLUSTER_NODES). Both
 * share ioredis's command interface; the difference that matters here is that on a cluster, a
 * multi-key command, MULTI or Lua script must keep to one slot (keys.ts's hash tags), and a
 * pipeline to one node. Keys that are read together but cannot share a tag go through the helpers
 * below, which split them by slot and by node (a single Redis keeps one command and one pipeline).
 */
export type RedisClient = Redis | Cluster

type Reply = [Error | null, unknown]

// CRC16-CCITT (XMODEM), the hash of the Redis Cluster spec: slot = crc16(tag or key) mod 16384.
const CRC16 = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte << 8
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  return crc
})

/** The slot Redis Cluster puts a key in: only its hash tag counts (the first `{…}` with something inside). */
export function keySlot(key: string): number {
  let bytes = Buffer.from(key)
  const open = bytes.indexOf(0x7b)
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1)
    if (close > open + 1) bytes = bytes.subarray(open + 1, close)
  }
  let crc = 0
  for (const b of bytes) crc = ((crc << 8) & 0xffff) ^ CRC16[((crc >> 8) ^ b) & 0xff]!
  return crc & 0x3fff
}

/** Groups item indexes by the node that owns each item's key, then by slot: `node → slot → indexes`. */
function bySlotAndNode(redis: RedisClient, keyList: string[]): Map<string, Map<number, number[]>> {
  const nodes = new Map<string, Map<number, number[]>>()
  if (!(redis instanceof Cluster)) {
    nodes.set('single', new Map([[0, keyList.map((_, i) => i)]]))
    return nodes
  }
  const prefix = redis.options.redisOptions?.keyPrefix ?? ''
  keyList.forEach((key, i) => {
    const slot = keySlot(prefix + key)
    // Before the slot map is known (or mid-failover) each slot is its own group; ioredis follows MOVED.
    const node = redis.slots[slot]?.[0] ?? `slot:${slot}`
    const slots = nodes.get(node) ?? new Map<number, number[]>()
    nodes.set(node, slots)
    const list = slots.get(slot) ?? []
    slots.set(slot, list)
    list.push(i)
  })
  return nodes
}

/** A pipeline's replies, or its first error thrown. */
export function checked(results: Reply[] | null): unknown[] {
  if (!results) throw new Error('Redis pipeline aborted')
  return results.map(([err, value]) => {
    if (err) throw err
    return value
  })
}

/** MGET over keys of any slots: one MGET per slot, one pipeline per node, values in the keys' order. */
export async function mgetAcrossSlots(redis: RedisClient, keyList: string[]): Promise<(string | null)[]> {
  const out: (string | null)[] = keyList.map(() => null)
  if (keyList.length === 0) return out
  await Promise.all(
    [...bySlotAndNode(redis, keyList).values()].map(async (slots) => {
      const groups = [...slots.values()]
      const pipe = redis.pipeline()
      for (const idx of groups) pipe.mget(...idx.map((i) => keyList[i]!))
      const replies = checked(await pipe.exec()) as (string | null)[][]
      groups.forEach((idx, g) => idx.forEach((i, j) => (out[i] = replies[g]![j] ?? null)))
    }),
  )
  return out
}

/**
 * Per-item commands (each item's commands on its own key's slot) as one pipeline per node. Returns
 * each item's replies, in the items' order; on a single Redis, everything is one pipeline.
 */
export async function pipelineAcrossSlots<T>(redis: RedisClient, items: T[], keyOf: (item: T) => string, add: (pipe: ChainableCommander, item: T) => void): Promise<Reply[][]> {
  const out: Reply[][] = items.map(() => [])
  if (items.length === 0) return out
  await Promise.all(
    [...bySlotAndNode(redis, items.map(keyOf)).values()].map(async (slots) => {
      const idx = [...slots.values()].flat()
      const pipe = redis.pipeline()
      const spans = idx.map((i) => {
        const from = pipe.length
        add(pipe, items[i]!)
        return [i, from, pipe.length] as const
      })
      const replies = await pipe.exec()
      if (!replies) throw new Error('Redis pipeline aborted')
      for (const [i, from, to] of spans) out[i] = replies.slice(from, to)
    }),
  )
  return out
}

/** The first error among pipelined replies, thrown; else nothing. */
export function throwFirstError(replies: Reply[][]): void {
  for (const list of replies) for (const [err] of list) if (err) throw err
}

/** For /readyz: a single Redis answers PING; a cluster is ready when its state is ok (every slot served). */
export async function redisReady(redis: RedisClient): Promise<void> {
  if (!(redis instanceof Cluster)) {
    await redis.ping()
    return
  }
  const info = await redis.cluster('INFO')
  if (!info.includes('cluster_state:ok')) throw new Error(/cluster_state:\w+/.exec(info)?.[0] ?? 'cluster state unknown')
}
