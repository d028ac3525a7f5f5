import type { bullmqAdapters, redisAdapters } from '@mosaic/core'
import { withTimeout } from '@mosaic/util'
import { Cluster, Redis } from 'ioredis'
import type { Config } from './config.ts'

/** The app's Redis client and BullMQ's connection, for one redis-server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisClients = {
  redis: redisAdapters.RedisClient
  queueConnection: bullmqAdapters.QueueConnection
  /** A cluster has no database to move old keys from: BullMQ's pre-hash-tag prefix is drained only on a single Redis. */
  clustered: boolean
  close(): Promise<void>
}

// Fail fast while Redis is down instead of queueing commands: callers fall back to Postgres. A Redis
// that hangs (stopped, swapping, a dead link that TCP has not noticed) answers nothing: every command
// gets a deadline and then takes the same fallback as an error.
const failFast = (config: Config) => ({
  keyPrefix: config.REDIS_KEY_PREFIX,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
})

export function createRedisClients(config: Config): RedisClients | null {
  if (config.redisClusterNodes) return clusterClients(config, config.redisClusterNodes)
  if (!config.REDIS_URL) return null
  const options = { ...redisUrlOptions(config.REDIS_URL), ...(config.REDIS_URL.startsWith('rediss:') ? { tls: {} } : {}) }
  const redis = new Redis({ ...options, ...failFast(config), enableOfflineQueue: false, retryStrategy: (times) => Math.min(times * 200, 2000) })
  redis.on('error', () => {}) // reconnects on its own; /readyz reports the state
  return {
    redis,
    // BullMQ opens its own connections (a worker blocks on one) from these options.
    queueConnection: { ...options, maxRetriesPerRequest: null },
    clustered: false,
    close: () => quit(redis),
  }
}

function clusterClients(config: Config, nodes: { host: string; port: number }[]): RedisClients {
  const retry = (times: number) => Math.min(times * 200, 2000)
  // keyPrefix belongs in redisOptions on a cluster; the cluster itself must not queue while it is
  // not ready, as the single client does not.
  const redis = new Cluster(nodes, { enableOfflineQueue: false, clusterRetryStrategy: retry, slotsRefreshTimeout: 2000, redisOptions: failFast(config) })
  redis.on('error', () => {})
  // BullMQ wants a client of its own without a key prefix (its `prefix` option names its keys) and
  // without a retry limit (its worker blocks on a duplicate of it).
  const bull = new Cluster(nodes, { clusterRetryStrategy: retry, redisOptions: { connectTimeout: 2000, maxRetriesPerRequest: null } })
  bull.on('error', () => {})
  return {
    redis,
    queueConnection: bull,
    clustered: true,
    close: async () => {
      await Promise.all([quit(redis), quit(bull)])
    },
  }
}

// QUIT waits for every node's reply. A node that died (a master that failed over) never gives one,
// and a client with an offline queue (BullMQ's) would hold the close for good: past this, drop the connections.
const QUIT_DEADLINE_MS = 3000

const quit = (client: Redis | Cluster) =>
  withTimeout(client.quit(), QUIT_DEADLINE_MS).then(
    () => {},
    () => client.disconnect(),
  )

function redisUrlOptions(url: string) {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: Number(u.pathname.slice(1) || 0),
  }
}
