// The one gateway into the router. Three paths share one context (credentials, request meta,
// session cookie), one error answer (errors.ts) and the router's own middleware (per-procedure
// metrics): the streaming upload for the procedures that take photos, the fast path for GET
// queries, and tRPC's adapter for everything else. Request guards and HTTP metrics are hooks on
// every route, registered before this.
import type { ApiDeps } from '@mosaic/trpc'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.ts'
import { registerAdapter } from './adapter.ts'
import { contextFactory } from './context.ts'
import { registerQueryFastPath } from './query.route.ts'
import { servesReads, servesWrites } from './roles.ts'
import { registerUploadRoutes } from './upload/upload.route.ts'

export async function registerGateway(
  app: FastifyInstance,
  opts: { config: Pick<Config, 'COOKIE_SECURE' | 'UPLOAD_CONCURRENCY' | 'UPLOAD_QUEUE_MAX' | 'HTTP_IDLE_TIMEOUT_MS' | 'ROLE'>; deps: ApiDeps },
) {
  const { config, deps } = opts
  const createContext = contextFactory({ config, deps })
  // A role registers only the paths it serves (the role gate refuses the rest first): a read
  // process has no upload route, so it never needs the scratch directory uploads spool to.
  if (servesWrites(config.ROLE)) {
    registerUploadRoutes(app, {
      limits: deps.limits,
      concurrency: config.UPLOAD_CONCURRENCY,
      queueMax: config.UPLOAD_QUEUE_MAX,
      idleTimeoutMs: config.HTTP_IDLE_TIMEOUT_MS,
      tmpDir: deps.video.scratchDir,
      createContext,
    })
  }
  if (servesReads(config.ROLE)) registerQueryFastPath(app, { createContext })
  await registerAdapter(app, { createContext })
}
