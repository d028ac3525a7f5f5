// Part of bench:feed: Mosaic on a six-node Redis Cluster (three masters, three replicas, started
// here under a temp folder, as the tests start theirs) over the same database, for the figure the
// issue asks beside the single Redis's. Its timelines are built by its own worker: each reader's
// first visit is served from Postgres and queues the rebuild; the loads start once they are built.
import { Cluster } from 'ioredis'
import { redisAdapters } from '@mosaic/core'
import { Sandbox } from '../src/testing/engines.ts'
import { PrivateRedisCluster } from '../src/testing/redis-cluster.ts'
import { warmReaders } from './feed.extras.ts'
import { startApi, stopApi } from './server.ts'

const PREFIX = 'benchc:'

/** Starts the cluster and a Mosaic on it, builds the readers' timelines, runs `measure` against it, and stops it all. */
export async function onRedisCluster<T>(o: { env: NodeJS.ProcessEnv; port: number; readers: { token: string; userId: string }[]; firstPage: string; measure: (base: string) => Promise<T> }): Promise<T> {
  const sandbox = new Sandbox({ prefix: 'mosaic-bench-cluster' })
  let cluster: PrivateRedisCluster | null = null
  let client: Cluster | null = null
  let api: Awaited<ReturnType<typeof startApi>> | null = null
  try {
    cluster = await PrivateRedisCluster.create(sandbox)
    api = await startApi(o.port, { ...o.env, REDIS_URL: undefined, REDIS_CLUSTER_NODES: cluster.nodes, REDIS_KEY_PREFIX: PREFIX })
    const base = `http://127.0.0.1:${o.port}`
    await warmReaders(base, o.readers, o.firstPage)
    client = new Cluster(cluster.nodes.split(',').map((n) => ({ host: '127.0.0.1', port: Number(n.split(':')[1]) })), { redisOptions: { keyPrefix: PREFIX } })
    for (let waited = 0; waited < 600; waited++) {
      let built = 0
      for (let i = 0; i < o.readers.length; i += 500) {
        const flags = await Promise.all(o.readers.slice(i, i + 500).map((r) => client!.exists(redisAdapters.keys.timelineBuilt(r.userId))))
        built += flags.filter(Boolean).length
      }
      if (built >= o.readers.length * 0.98) break
      await new Promise((r) => setTimeout(r, 1000))
    }
    return await o.measure(base)
  } finally {
    client?.disconnect()
    if (api) await stopApi(api)
    await cluster?.stop()
    sandbox.destroySync()
  }
}
