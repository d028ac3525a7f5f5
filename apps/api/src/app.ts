import path from 'node:path'
import { bullmqAdapters, jobs, memoryAdapters, posts, redisAdapters, type Clock, type RankSnapshots } from '@mosaic/core'
import type { ApiDeps } from '@mosaic/trpc'
import { withTimeout } from '@mosaic/util'
import { imageLimitsOf } from '@mosaic/validators'
import { type Config, limitsOf } from './config.ts'
import { openEngines, type Engines } from './engines.ts'
import { createMailer } from './mail.ts'
import { createExportLinks } from './exports/links.ts'
import { createMediaUrls } from './media/urls.ts'
import { createMetrics } from './metrics.ts'
import { paths } from './paths.ts'
import { createReadRouting, openReplicas, recentWritesOf } from './replicas.ts'
import { videoToolsOf } from './video-tools.ts'
import { buildServer, type Probe } from './server.ts'

/**
 * The composition root: engines, then one adapter per port (Redis and BullMQ when configured,
 * in-process otherwise), then deps, then the HTTP server and the worker over them.
 */
const systemClock: Clock = { now: () => new Date() }

/** How long closing waits for the worker's running jobs and the queues. */
const CLOSE_QUEUES_MS = 15_000

/** An upload's temporary directory older than this belongs to no live request. */
const STALE_UPLOAD_MS = 6 * 3600_000

export async function createApp(config: Config, opts: { webDist?: string | null; clock?: Clock; onQuery?: (query: string) => void } = {}) {
  const engines: Engines = await openEngines(config, opts.onQuery ? { onQuery: opts.onQuery } : {})
  const metrics = createMetrics()
  const urls = createMediaUrls({ secret: config.SESSION_SECRET, publicBaseUrl: config.MEDIA_PUBLIC_BASE_URL, ttlSeconds: config.SIGNED_URL_TTL_SECONDS })
  const exportLinks = createExportLinks({ secret: config.SESSION_SECRET })
  const log = { error: (obj: object, msg: string) => server?.log.error(obj, msg), warn: (obj: object, msg: string) => server?.log.warn(obj, msg) }
  const db = engines.db.db
  const redis = engines.redis
  const feedConfig = { timelineMax: config.FEED_TIMELINE_MAX, celebrityThreshold: config.FEED_CELEBRITY_THRESHOLD, windowDays: config.FEED_WINDOW_DAYS }
  const postCache = redis ? redisAdapters.createPostCache({ db, redis }) : memoryAdapters.createMemoryPostCache({ db })
  const sessionCache = redis ? redisAdapters.createSessionCache({ redis, breaker: engines.redisBreaker }) : memoryAdapters.createUncachedSessions()
  const timelines = redis ? redisAdapters.createTimelines({ db, redis, config: feedConfig, postCache }) : null
  const hot = redis ? redisAdapters.createRedisHotCounters({ db, redis }) : null
  const memorySnapshots: RankSnapshots = memoryAdapters.createMemorySnapshots()
  const discovery = {
    exploreRefreshSeconds: config.EXPLORE_REFRESH_SECONDS,
    trendingWindowSeconds: config.TRENDING_WINDOW_SECONDS,
    trendingRefreshSeconds: config.TRENDING_REFRESH_SECONDS,
  }
  const trendWindowMs = config.TRENDING_WINDOW_SECONDS * 1000
  const postgresTrends = memoryAdapters.createPostgresTagTrends(db, trendWindowMs)
  const memorySuggestions = memoryAdapters.createMemorySuggestionCache()
  const mailer = createMailer(config, log)

  const onJobError = (msg: string, err: unknown) => log.error({ err }, msg)
  const bull = engines.queueConnection ? bullmqAdapters.createBullQueue({ connection: engines.queueConnection, prefix: engines.redisPrefix, db, breaker: engines.redisBreaker, onError: onJobError }) : null
  const queue: jobs.JobQueue = bull ?? memoryAdapters.createMemoryQueue(() => handlers, (name, err) => onJobError(`job ${name} failed`, err))

  const limits = limitsOf(config)
  let lastFallbackLog = 0
  const deps: ApiDeps = {
    db,
    clock: opts.clock ?? systemClock,
    limiter: engines.limiter,
    urls,
    storage: engines.storage,
    mediaLimits: imageLimitsOf(limits),
    video: { tools: videoToolsOf(config), scratchDir: path.join(config.DATA_DIR, 'tmp'), concurrency: config.VIDEO_CONCURRENCY },
    limits,
    snapshots: redis ? redisAdapters.createRedisSnapshots(redis, memorySnapshots) : memorySnapshots,
    queue,
    abuseLimits: { likesPerHour: config.LIMIT_LIKES_PER_HOUR, commentsPerHour: config.LIMIT_COMMENTS_PER_HOUR, followsPerDay: config.LIMIT_FOLLOWS_PER_DAY },
    authLimits: {
      signInPerAccountAddress: config.LIMIT_SIGNIN_PER_ACCOUNT_ADDRESS,
      signInPerAccount: config.LIMIT_SIGNIN_PER_ACCOUNT,
      signInPerAddress: config.LIMIT_SIGNIN_PER_ADDRESS,
      signInWindowSeconds: config.LIMIT_SIGNIN_WINDOW_MINUTES * 60,
      signUpsPerAddressPerHour: config.LIMIT_SIGNUPS_PER_HOUR,
    },
    postCache,
    sessionCache,
    hot,
    feedConfig,
    timelines,
    warmPages: redis ? redisAdapters.createRedisWarmPages(redis) : null,
    tagTrends: redis ? redisAdapters.createRedisTagTrends({ db, redis, windowMs: trendWindowMs, fallback: postgresTrends }) : postgresTrends,
    exploreSet: redis ? redisAdapters.createRedisExploreSet(redis) : memoryAdapters.createMemoryExploreSet(),
    discovery,
    suggestionCache: redis ? redisAdapters.createRedisSuggestionCache(redis, memorySuggestions) : memorySuggestions,
    suggestionConfig: { refreshMs: config.SUGGESTIONS_REFRESH_SECONDS * 1000, debounceMs: config.SUGGESTIONS_DEBOUNCE_SECONDS * 1000 },
    mailer,
    publicUrl: config.publicUrl,
    exportLinks,
    onFallback(err) {
      metrics.feedFallback()
      if (Date.now() - lastFallbackLog > 10_000) {
        lastFallbackLog = Date.now()
        log.warn({ err }, 'Redis did not answer: feed served from Postgres')
      }
    },
    observe: metrics.observe,
  }
  const handlers = jobs.createJobHandlers(deps, timelines?.jobs)

  // Queries that may lag read the replicas; mutations, sessions and jobs stay on the primary.
  const replicas =
    config.DATABASE_URL && config.DATABASE_REPLICA_URLS.length > 0
      ? await openReplicas({ primaryUrl: config.DATABASE_URL, urls: config.DATABASE_REPLICA_URLS, poolSize: config.DATABASE_POOL_SIZE, maxLagMs: config.REPLICA_MAX_LAG_MS })
      : null
  if (replicas) {
    const recentWrites = recentWritesOf(redis, config.REPLICA_RYW_SECONDS * 1000)
    deps.readRouting = createReadRouting({ replicas, deps, recentWrites, metrics })
    metrics.watchReplicas(() => replicas.status())
  }

  // The worker side: job handlers (BullMQ worker, or the in-process queue), the outbox relay, the sweep.
  const runsWorker = config.ROLE === 'all' || config.ROLE === 'worker'
  const worker =
    runsWorker && engines.queueConnection
      ? bullmqAdapters.startBullWorker({
          connection: engines.queueConnection,
          prefix: engines.redisPrefix,
          handlers,
          slowConcurrency: config.VIDEO_CONCURRENCY,
          // Jobs queued before BullMQ's prefix carried its hash tag still run (a single Redis only).
          drainLegacy: !engines.redisClustered && {},
          onError: onJobError,
        })
      : null
  const timers: NodeJS.Timeout[] = []
  // A periodic job's id names its period, so several workers queue it once per period (BullMQ keeps
  // finished jobs for a while, and a fixed id would be refused while the last run is kept).
  const every = (name: 'media.sweep' | 'explore.refresh' | 'trending.refresh', seconds: number) =>
    timers.push(setInterval(() => void queue.enqueue(name, {}, { jobId: `${name}-${Math.floor(Date.now() / (seconds * 1000))}` }), seconds * 1000).unref())
  if (runsWorker) {
    every('media.sweep', 3600)
    every('explore.refresh', config.EXPLORE_REFRESH_SECONDS)
    every('trending.refresh', config.TRENDING_REFRESH_SECONDS)
    if (bull) timers.push(setInterval(() => void bull.relayOutbox(), 2000).unref())
  }
  // A Redis Cluster's promoted replica may lack its old master's last writes: the keys derived from
  // Postgres on it are dropped, to be rebuilt on their next read (adapters/redis/failover.ts).
  const failovers = runsWorker && redis
    ? redisAdapters.watchFailovers({
        client: redis,
        prefix: engines.redisPrefix,
        onForgotten: (address, count) => log.warn({ address, count }, 'Redis failover: derived keys on the promoted node dropped, to be rebuilt from Postgres'),
        onError: (err) => log.warn({ err }, 'could not read the Redis Cluster’s nodes'),
      })
    : null
  if (config.ROLE === 'all' || config.ROLE === 'write') {
    // What uploads left in the scratch directory when a process died mid-request (each request removes its own).
    const clearLeftovers = () => void posts.removeStaleUploads(deps.video.scratchDir, STALE_UPLOAD_MS).catch((err: unknown) => log.warn({ err }, 'could not clear old uploads'))
    clearLeftovers()
    timers.push(setInterval(clearLeftovers, 3600_000).unref())
  }

  const probes: Probe[] = [
    { name: engines.db.kind, check: () => engines.db.ping() },
    { name: engines.storage.kind === 's3' ? 's3' : 'storage', check: () => engines.storage.ping() },
  ]
  if (redis) probes.push({ name: 'redis', check: () => redisAdapters.redisReady(redis) })
  const server = await buildServer({
    config,
    deps,
    urls,
    exportLinks,
    metrics,
    probes,
    webDist: opts.webDist === undefined ? paths.webDist : opts.webDist,
  })
  return {
    server,
    engines,
    deps,
    handlers,
    replicas,
    async close() {
      for (const t of timers) clearInterval(t)
      failovers?.close()
      sessionCache.close()
      mailer.close()
      await server.close()
      // The worker waits for its running jobs and the queues for Redis: neither may hold the close
      // for good when a Redis node died under them (the connections go with the engines below).
      await withTimeout(worker ? worker.close().then(() => queue.close()) : queue.close(), CLOSE_QUEUES_MS).catch((err: unknown) => log.warn({ err }, 'queues did not close in time'))
      await replicas?.close()
      await engines.close()
    },
  }
}
