// Postgres read replicas (DATABASE_REPLICA_URLS): a pool per replica, a health poll that bounds how
// far behind each one may be, and the read routing the tRPC middleware asks for every query.
import { memoryAdapters, redisAdapters, type RecentWrites } from '@mosaic/core'
import { openPostgresPool, primaryWalLsn, replayCovers, replayedWalLsn, type PostgresPool } from '@mosaic/db'
import { isUnavailable, type ApiDeps, type ReadRouting } from '@mosaic/trpc'
import { withTimeout } from '@mosaic/util'
import type { Metrics } from './metrics.ts'

export type ReplicaStatus = { url: string; healthy: boolean; lagSeconds: number; lagBytes: number }

type Replica = {
  index: number
  url: string
  /** The pool queries use. */
  pool: PostgresPool
  /** A connection of the health poll's own, so a busy pool never delays the poll (and a hung poll never blocks a query). */
  probe: PostgresPool
  /** The last poll answered (and no query has since found it gone). */
  answered: boolean
  /**
   * A moment (performance.now()) before which every commit is known to be on this replica: the
   * time of the newest primary WAL position it has replayed past. Its age is the lag.
   */
  coveredAt: number
  lagBytes: number
}

export type ReplicaSet = {
  /** A healthy replica, round-robin, or null when none is (the primary serves). */
  pick(): Replica | null
  /** A query failed on this replica: if it did not answer, skip it until the next poll says otherwise. */
  failed(replica: Replica, cause: unknown): void
  status(): ReplicaStatus[]
  readonly replicas: readonly Replica[]
  close(): Promise<void>
}

/**
 * Polls the primary's WAL insert position and each replica's replay position every `pollMs`. A
 * replica that has replayed past the position the primary had at time t holds every commit that
 * answered before t; it serves only while that t is less than `maxLagMs` ago and its last poll
 * answered. One that stops answering ages out by itself, and comes back at its first good poll.
 * Lag is measured in time on this process's monotonic clock, so no two machines' clocks are compared.
 */
export async function openReplicas(opts: { primaryUrl: string; urls: string[]; poolSize: number; maxLagMs: number; now?: () => number }): Promise<ReplicaSet> {
  const now = opts.now ?? (() => performance.now())
  const { maxLagMs } = opts
  const pollMs = Math.max(50, Math.min(500, Math.floor(maxLagMs / 4)))
  const timeoutMs = Math.min(maxLagMs, 2000)
  const primaryProbe = openPostgresPool(opts.primaryUrl, { max: 1 })
  const replicas: Replica[] = opts.urls.map((url, index) => ({
    index,
    url,
    pool: openPostgresPool(url, { max: opts.poolSize }),
    probe: openPostgresPool(url, { max: 1 }),
    answered: false,
    coveredAt: -Infinity,
    lagBytes: 0,
  }))
  /** The primary's recent WAL positions and when they were read, oldest first. */
  const samples: { lsn: bigint; at: number }[] = []

  const poll = async (r: Replica, latest: bigint) => {
    try {
      const replayed = await withTimeout(replayedWalLsn(r.probe.db), timeoutMs)
      if (replayed === null) throw new Error('not replaying WAL: not a replica')
      for (let i = samples.length - 1; i >= 0; i--) {
        const sample = samples[i]!
        if (replayCovers(replayed, sample.lsn)) {
          r.coveredAt = Math.max(r.coveredAt, sample.at)
          break
        }
      }
      r.lagBytes = latest > replayed ? Number(latest - replayed) : 0
      r.answered = true
    } catch {
      r.answered = false
      // A probe stuck on a replica that hangs is replaced, so the next poll asks afresh.
      const stuck = r.probe
      r.probe = openPostgresPool(r.url, { max: 1 })
      void stuck.close().catch(() => {})
    }
  }

  let ticking = false
  const tick = async () => {
    if (ticking) return
    ticking = true
    try {
      const at = now()
      // Without the primary's position nothing new is known: the replicas' coverage just ages.
      const latest = await withTimeout(primaryWalLsn(primaryProbe.db), timeoutMs).catch(() => null)
      if (latest === null) return
      samples.push({ lsn: latest, at })
      while (samples.length > 1 && samples[0]!.at < at - 2 * maxLagMs) samples.shift()
      await Promise.all(replicas.map((r) => poll(r, latest)))
    } finally {
      ticking = false
    }
  }
  await tick()
  const timer = setInterval(() => void tick(), pollMs)
  timer.unref()

  const healthy = (r: Replica, t: number) => r.answered && t - r.coveredAt <= maxLagMs
  let next = 0
  return {
    replicas,
    pick() {
      const t = now()
      for (let k = 0; k < replicas.length; k++) {
        const r = replicas[(next + k) % replicas.length]!
        if (healthy(r, t)) {
          next = (r.index + 1) % replicas.length
          return r
        }
      }
      return null
    },
    failed(replica, cause) {
      if (isUnavailable(cause)) replica.answered = false
    },
    status() {
      const t = now()
      return replicas.map((r) => ({ url: r.url, healthy: healthy(r, t), lagSeconds: Math.max(0, t - r.coveredAt) / 1000, lagBytes: r.lagBytes }))
    },
    async close() {
      clearInterval(timer)
      await Promise.allSettled([primaryProbe.close(), ...replicas.flatMap((r) => [r.pool.close(), r.probe.close()])])
    },
  }
}

/**
 * The read-your-writes mark: in Redis when configured (every process sees it), and always in this
 * process too, so the writer's own process keeps it should Redis miss the write of the mark.
 */
export function recentWritesOf(redis: redisAdapters.RedisClient | null, windowMs: number): RecentWrites {
  const local = memoryAdapters.createMemoryRecentWrites({ windowMs })
  if (!redis) return local
  const shared = redisAdapters.createRedisRecentWrites({ redis, windowMs })
  return {
    mark: async (userId) => {
      await Promise.all([local.mark(userId), shared.mark(userId)])
    },
    recent: async (userId) => (await local.recent(userId)) || shared.recent(userId),
  }
}

/** Queries to a healthy replica unless the viewer wrote within the window; anonymous viewers have no mark. */
export function createReadRouting(opts: { replicas: ReplicaSet; deps: ApiDeps; recentWrites: RecentWrites; metrics: Pick<Metrics, 'replicaRead'> }): ReadRouting {
  const { replicas, recentWrites, metrics } = opts
  // Everything but the database stays as the primary's deps: caches, queue, job handlers.
  const replicaDeps = replicas.replicas.map((r): ApiDeps => ({ ...opts.deps, db: r.pool.db, readRouting: undefined }))
  return {
    async forQuery(viewerId) {
      const replica = viewerId !== null && (await recentWrites.recent(viewerId)) ? null : replicas.pick()
      metrics.replicaRead(replica ? 'replica' : 'primary')
      if (!replica) return null
      return {
        deps: replicaDeps[replica.index]!,
        failed(cause) {
          replicas.failed(replica, cause)
          metrics.replicaRead('primary')
        },
      }
    },
    wrote: (viewerId) => recentWrites.mark(viewerId),
  }
}
