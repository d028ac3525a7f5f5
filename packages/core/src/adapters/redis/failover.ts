import { Cluster, type Redis } from 'ioredis'
import type { RedisClient } from './client.ts'

/**
 * Redis Cluster replicates asynchronously: when a master dies, the replica that takes its place may
 * lack the last writes the master acknowledged (a fan-out into a timeline, a cache invalidation, a
 * signed-out session's removal). Everything Mosaic keeps under the per-user, per-author, per-post
 * and per-session tags is derived from Postgres, and a timeline or list counts as whole only while
 * its built flag is there — a flag that survived while some of its writes did not would serve a
 * feed missing posts for good. So when a replica is promoted, those keys on it are removed: each is
 * rebuilt from Postgres on its next read, as after a restart. Jobs ({bull}), trending buckets and
 * rate limits are left as they are (queued jobs must survive; the rest are counts that a few lost
 * increments only blur).
 */
const DERIVED_TAGS = ['{u:', '{a:', '{p:', '{sess:']
const SCAN_COUNT = 1000

/** `CLUSTER NODES` → the nodes that serve as healthy masters now. */
export function mastersOf(clusterNodes: string): { id: string; address: string }[] {
  return clusterNodes
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter(([, , flags]) => flags !== undefined && flags.split(',').includes('master') && !/fail/.test(flags))
    .map(([id, addr]) => ({ id: id!, address: addr!.split('@')[0]! }))
}

/** Removes the derived keys (see above) one node holds; returns how many went. */
export async function forgetDerivedKeys(node: Redis, prefix: string): Promise<number> {
  // The node's connection adds its own key prefix to UNLINK's keys (not to SCAN's pattern).
  const own = node.options.keyPrefix ?? ''
  let removed = 0
  for (const tag of DERIVED_TAGS) {
    let cursor = '0'
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', `${prefix}${tag}*`, 'COUNT', SCAN_COUNT)
      cursor = next
      const keys = found.filter((k) => !k.endsWith(':ryw') && k.startsWith(own)).map((k) => k.slice(own.length))
      // One UNLINK per key: a multi-key command must keep to one slot, even on the node that holds them all.
      if (keys.length > 0) {
        const pipe = node.pipeline()
        for (const k of keys) pipe.unlink(k)
        for (const [err, n] of (await pipe.exec()) ?? []) if (!err) removed += Number(n)
      }
    } while (cursor !== '0')
  }
  return removed
}

/**
 * Watches the cluster's masters (every `intervalMs`) and, when a node becomes a master that was not
 * one at the last look (a replica promoted by a failover), removes the derived keys it holds. A
 * single Redis has no failover to watch: null.
 */
export function watchFailovers(opts: {
  client: RedisClient
  prefix: string
  intervalMs?: number
  onForgotten?: (address: string, keys: number) => void
  onError?: (err: unknown) => void
}) {
  const cluster = opts.client
  if (!(cluster instanceof Cluster)) return null
  let known: Set<string> | null = null
  let running: Promise<void> | null = null
  const check = async () => {
    const text = String(await cluster.call('CLUSTER', 'NODES'))
    const masters = mastersOf(text)
    const before = known
    known = new Set(masters.map((m) => m.id))
    if (!before) return
    for (const m of masters.filter((n) => !before.has(n.id))) {
      const node = cluster.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === m.address)
      if (!node) {
        known.delete(m.id) // the client has not seen its new role yet: look again next time
        continue
      }
      opts.onForgotten?.(m.address, await forgetDerivedKeys(node, opts.prefix))
    }
  }
  const tick = () => {
    running ??= check()
      .catch((err: unknown) => opts.onError?.(err))
      .finally(() => (running = null))
    return running
  }
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 1000)
  timer.unref()
  void tick()
  return {
    /** One look now (tests). */
    check: tick,
    close: () => clearInterval(timer),
  }
}
