import { createMemorySnapshots, jobs, type CoreDeps } from '@mosaic/core'
import type { Config } from './config.ts'
import { openEngines, type Engines } from './engines.ts'
import { createMediaUrls } from './media/urls.ts'
import { createMetrics } from './metrics.ts'
import { paths } from './paths.ts'
import { buildServer, type Probe } from './server.ts'

/** The composition root: engines, then deps, then the HTTP server over them. */
export async function createApp(config: Config, opts: { webDist?: string | null } = {}) {
  const engines: Engines = await openEngines(config)
  const metrics = createMetrics()
  const urls = createMediaUrls({ secret: config.SESSION_SECRET, publicBaseUrl: config.MEDIA_PUBLIC_BASE_URL })
  const queue = jobs.createMemoryQueue(
    () => handlers,
    (name, err) => server.log.error({ err, job: name }, 'job failed'),
  )
  const deps: CoreDeps & { observe: typeof metrics.observe } = {
    db: engines.db.db,
    limiter: engines.limiter,
    urls,
    storage: engines.storage,
    mediaLimits: { maxBytes: config.MAX_UPLOAD_MB * 1e6, maxPixels: config.MAX_UPLOAD_MEGAPIXELS * 1e6 },
    snapshots: createMemorySnapshots(),
    queue,
    abuseLimits: { likesPerHour: config.LIMIT_LIKES_PER_HOUR, commentsPerHour: config.LIMIT_COMMENTS_PER_HOUR, followsPerDay: config.LIMIT_FOLLOWS_PER_DAY },
    observe: metrics.observe,
  }
  const handlers = jobs.createJobHandlers(deps)
  const probes: Probe[] = [
    { name: engines.db.kind, check: () => engines.db.ping() },
    { name: engines.storage.kind === 's3' ? 's3' : 'storage', check: () => engines.storage.ping() },
  ]
  if (engines.redis) {
    const redis = engines.redis
    probes.push({ name: 'redis', check: () => redis.ping() })
  }
  const server = await buildServer({ config, deps, urls, metrics, probes, webDist: opts.webDist === undefined ? paths.webDist : opts.webDist })
  // Background work of the worker role: collect blobs and media no post references any more.
  let sweeper: NodeJS.Timeout | undefined
  if (config.ROLE === 'all' || config.ROLE === 'worker') {
    sweeper = setInterval(() => void queue.enqueue('media.sweep', {}, { jobId: 'media.sweep' }), 3600 * 1000).unref()
  }
  return {
    server,
    engines,
    deps,
    async close() {
      clearInterval(sweeper)
      await server.close()
      await queue.close()
      await engines.close()
    },
  }
}
