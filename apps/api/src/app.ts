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
  const deps = { db: engines.db.db, limiter: engines.limiter, urls, observe: metrics.observe }
  const probes: Probe[] = [{ name: engines.db.kind, check: () => engines.db.ping() }]
  if (engines.redis) {
    const redis = engines.redis
    probes.push({ name: 'redis', check: () => redis.ping() })
  }
  const server = await buildServer({ config, deps, metrics, probes, webDist: opts.webDist === undefined ? paths.webDist : opts.webDist })
  return {
    server,
    engines,
    deps,
    async close() {
      await server.close()
      await engines.close()
    },
  }
}
