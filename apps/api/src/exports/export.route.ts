import { account, DomainError, type CoreDeps } from '@mosaic/core'
import type { FastifyInstance } from 'fastify'
import type { CreateContext } from '../http/context.ts'
import type { createExportLinks } from './links.ts'

/** Seconds a client is told to wait before asking again for an export still being built. */
const NOT_READY_RETRY_SECONDS = 10

/**
 * GET /exports/<id>.zip?exp&sig: a data export's zip, to its owner only. The link must be signed and
 * unexpired, and the request must carry the owner's session (cookie or bearer): anything else is
 * 403 or 404, as for an export that does not exist. While the worker is still building it: 404 with
 * `Retry-After` and `{ error: 'Not Ready' }`; a build that failed: 410.
 */
export function registerExportRoute(
  app: FastifyInstance,
  deps: { core: Pick<CoreDeps, 'db' | 'clock' | 'storage'>; links: ReturnType<typeof createExportLinks>; createContext: CreateContext },
) {
  app.get<{ Params: { id: string }; Querystring: { exp?: string; sig?: string } }>('/exports/:id.zip', async (req, reply) => {
    reply.header('cache-control', 'private, no-store')
    if (!deps.links.verify(req.params.id, req.query.exp, req.query.sig)) {
      return reply.code(403).send({ error: 'Forbidden', message: 'This download link is not valid or has expired. Ask for your data again in Settings.' })
    }
    const ctx = await deps.createContext(req, reply)
    if (!ctx.viewer) return reply.code(401).send({ error: 'Unauthorized', message: 'Sign in to download your data' })
    let found: account.ExportDownload
    try {
      found = await account.downloadExport(deps.core, ctx.viewer, req.params.id)
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NOT_FOUND') return reply.code(404).send({ error: 'Not Found', message: 'There is no such export' })
      throw err
    }
    if (found.state !== 'ready') {
      if (found.state === 'failed') return reply.code(410).send({ error: 'Gone', message: 'This export could not be built. Ask for your data again in Settings.' })
      return reply.code(404).header('retry-after', NOT_READY_RETRY_SECONDS).send({ error: 'Not Ready', message: 'Your data is still being prepared. You will get a notification when it is ready.' })
    }
    const stream = await deps.core.storage.stream(found.key)
    if (!stream) return reply.code(404).send({ error: 'Not Found', message: 'There is no such export' })
    reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${found.filename}"`).header('x-content-type-options', 'nosniff')
    if (found.bytes !== null) reply.header('content-length', found.bytes)
    return reply.send(stream)
  })
}
