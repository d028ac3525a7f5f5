import { existsSync } from 'node:fs'
import path from 'node:path'
import compress from '@fastify/compress'
import cookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import { withTimeout } from '@mosaic/util'
import type { ApiDeps } from '@mosaic/trpc'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Config } from './config.ts'
import type { Metrics } from './metrics.ts'
import { registerMediaRoute } from './media/media.route.ts'
import type { createMediaUrls } from './media/urls.ts'
import { contextFactory, SESSION_COOKIE } from './http/context.ts'
import { registerExportRoute } from './exports/export.route.ts'
import type { createExportLinks } from './exports/links.ts'
import { registerGateway } from './http/gateway.ts'
import { registerGuards } from './http/guards.ts'
import { registerMetricsRoute } from './http/metrics.route.ts'
import { createFirstLoadHandler } from './http/first-load.ts'
import { registerRoleGate, servesReads } from './http/roles.ts'
import { createShareMeta } from './http/share-meta.ts'
import { COMPRESSION, requestIdOf, serverWithWarmFeed } from './http/warm-feed.ts'

export type Probe = { name: string; check(): Promise<unknown> }

export type ServerOptions = {
  config: Config
  deps: ApiDeps
  urls: ReturnType<typeof createMediaUrls>
  exportLinks: ReturnType<typeof createExportLinks>
  metrics: Metrics
  /** Engines /readyz asks; each must answer for the process to be ready. */
  probes: Probe[]
  webDist?: string | null
}


export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { config, deps, metrics } = opts
  // Timeouts that a slow phone survives and a stalled client does not: the head must arrive in
  // time, and a connection silent for HTTP_IDLE_TIMEOUT_MS is closed. No total request timeout,
  // which would cut a large upload on a slow link (uploads watch their own body: http/upload/upload.route.ts).
  const serverOptions = {
    http: {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(config.HTTP_HEADERS_TIMEOUT_MS / 4))),
    },
    keepAliveTimeout: 72_000, // Fastify's default
    requestTimeout: 0,
    connectionTimeout: config.HTTP_IDLE_TIMEOUT_MS,
  }
  // A warm home-feed page for a session read lately is answered before the framework (http/warm-feed.ts).
  const logsRequests = ['info', 'debug', 'trace'].includes(config.LOG_LEVEL)
  const warmFeed = servesReads(config.ROLE) && deps.warmPages ? serverWithWarmFeed({ deps, config, metrics, log: () => app.log, logsRequests, server: serverOptions }) : null
  const app: FastifyInstance = Fastify({
    logger: { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    genReqId: requestIdOf,
    requestIdHeader: false,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 5000 },
    ...serverOptions,
    ...(warmFeed ? { serverFactory: warmFeed } : {}),
  })

  await app.register(cookie)
  // Every text answer (JSON, HTML, metrics) in brotli or gzip; images and video are already compressed
  // and skipped by type. Brotli at a middling quality: the built app's files are compressed at build
  // at the highest (and served as they are, below), so this only meets answers made per request.
  await app.register(compress, COMPRESSION)
  // Before every route and every other hook: the GET fast path answers from its own onRequest hook.
  await registerGuards(app, { config, sessionCookie: SESSION_COOKIE })
  // Then what this process's role does not serve is refused, before the fast path or a route runs.
  registerRoleGate(app, config.ROLE)

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched'
    metrics.httpRequest(route, req.method, reply.statusCode, reply.elapsedTime / 1000)
  })
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })

  // Each role registers only what it serves (http/roles.ts); a worker only health, readiness and metrics.
  const reads = servesReads(config.ROLE)
  if (reads) {
    registerMediaRoute(app, { db: deps.db, storage: deps.storage, urls: opts.urls })
    registerExportRoute(app, { core: deps, links: opts.exportLinks, createContext: contextFactory({ config, deps }) })
  }
  if (config.ROLE !== 'worker') await registerGateway(app, { config, deps })

  app.get('/healthz', async () => ({ ok: true, role: config.ROLE }))

  app.get('/readyz', async (_req, reply) => {
    const results = await Promise.all(
      opts.probes.map(async (p) => {
        try {
          await withTimeout(p.check(), 2000)
          return [p.name, 'up'] as const
        } catch (err) {
          return [p.name, `down: ${err instanceof Error ? err.message : String(err)}`] as const
        }
      }),
    )
    const engines = Object.fromEntries(results)
    const ready = results.every(([, s]) => s === 'up')
    return reply.code(ready ? 200 : 503).send({ ready, engines })
  })

  registerMetricsRoute(app, { config, metrics })

  const webDist = reads ? opts.webDist : null
  if (webDist && existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      // The .br and .gz files `vite build` writes beside each text asset, sent as they are.
      preCompressed: true,
      // Set below instead: the plugin's own header would replace ours with max-age=0.
      cacheControl: false,
      setHeaders(res, file) {
        // Vite fingerprints everything under assets/: safe to cache forever. The rest (index.html)
        // is asked again each time, so a release is seen at once.
        const fingerprinted = file.startsWith(path.resolve(webDist, 'assets') + path.sep)
        res.setHeader('cache-control', fingerprinted ? 'public, max-age=31536000, immutable' : 'no-cache')
        // One URL, several encodings: caches must key on what the browser accepts.
        res.setHeader('vary', 'accept-encoding')
      },
    })
    // A signed-in viewer's feed comes with its first page and photo in the HTML (http/first-load.ts).
    app.get('/', createFirstLoadHandler({ createContext: contextFactory({ config, deps }), webDist }))
  }

  // The SPA owns every other GET that a browser navigates to; API paths answer 404 as JSON.
  // Post, profile and tag pages carry link-preview tags for public content (http/share-meta.ts).
  const shareMeta = webDist ? createShareMeta({ deps, webDist, publicUrl: config.PUBLIC_URL }) : null
  app.setNotFoundHandler(async (req, reply) => {
    const isApi = /^\/(trpc|media|exports|healthz|readyz|metrics)(\/|$|\?)/.test(req.url)
    if (webDist && (req.method === 'GET' || req.method === 'HEAD') && !isApi && req.headers.accept?.includes('text/html')) {
      const html = await shareMeta?.(req)
      if (html) return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html)
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    }
    return reply.code(404).send({ error: 'Not Found', path: req.url })
  })

  return app
}
