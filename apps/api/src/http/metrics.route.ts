import { createHash, timingSafeEqual } from 'node:crypto'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'
import type { Metrics } from '../metrics.ts'

type Options = { config: Pick<Config, 'METRICS_TOKEN' | 'METRICS_PORT' | 'HOST'>; metrics: Metrics }

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/
const digest = (s: string) => createHash('sha256').update(s).digest()

/**
 * Who may read /metrics (it tells request rates, procedures and process internals):
 * - METRICS_TOKEN set: whoever sends `Authorization: Bearer <METRICS_TOKEN>`, from anywhere;
 * - otherwise only callers on this machine: a loopback socket and no X-Forwarded-For (a request
 *   relayed by a local reverse proxy comes from loopback too, but carries that header).
 * With METRICS_PORT, /metrics is served on that port only (same rule there), not on the app's port.
 */
function refusal(req: FastifyRequest, token: string | undefined): { status: number; message: string } | null {
  if (token) {
    const sent = /^bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? ''
    return timingSafeEqual(digest(sent), digest(token)) ? null : { status: 401, message: 'Send the metrics token as a bearer token' }
  }
  const local = LOOPBACK.test(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined
  return local ? null : { status: 403, message: 'Metrics are served to this machine only; set METRICS_TOKEN to read them from elsewhere' }
}

function route(app: FastifyInstance, opts: Options) {
  app.get('/metrics', async (req: FastifyRequest, reply: FastifyReply) => {
    const refused = refusal(req, opts.config.METRICS_TOKEN)
    if (refused) return reply.code(refused.status).send({ error: refused.message })
    reply.header('content-type', opts.metrics.registry.contentType)
    return opts.metrics.registry.metrics()
  })
}

/** /metrics on the app's port, or on METRICS_PORT (opened when the app is ready, so a taken port stops the start; closed with it). */
export function registerMetricsRoute(app: FastifyInstance, opts: Options) {
  const port = opts.config.METRICS_PORT
  if (port === undefined) return route(app, opts)
  const side = Fastify({ logger: false })
  route(side, opts)
  app.addHook('onReady', async () => {
    await side.listen({ port, host: opts.config.HOST })
  })
  app.addHook('onClose', async () => {
    await side.close()
  })
}
