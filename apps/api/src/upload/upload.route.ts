import { DomainError } from '@mosaic/core'
import { createCaller, errorResponse, retryAfterSeconds, type Context } from '@mosaic/trpc'
import { TRPCError } from '@trpc/server'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { createSemaphore } from '@mosaic/core'
import { maxRequestBytes, readMultipart, type MultipartLimits } from './multipart.ts'

type Caller = ReturnType<typeof createCaller>
/** The procedures that take FormData, with the form field their files arrive in. */
export const MULTIPART_PROCEDURES = {
  'post.create': { fileField: 'files', maxFiles: 10, call: (c: Caller, f: FormData) => c.post.create(f) },
} satisfies Record<string, { fileField: string; maxFiles: number; call(c: Caller, f: FormData): Promise<unknown> }>

/**
 * FormData procedures get their own route in front of the tRPC adapter (which would buffer the
 * whole body before any limit applies). It streams the body under the limits, then calls the
 * same procedure through the same router, and answers in tRPC's wire format.
 */
export function registerUploadRoutes(
  app: FastifyInstance,
  opts: {
    maxFileBytes: number
    concurrency: number
    createContext(req: FastifyRequest, reply: FastifyReply): Promise<Context>
    onError(err: TRPCError, path: string, req: FastifyRequest): void
  },
) {
  // Bodies are read only a few at a time: a burst of large uploads waits in TCP buffers (backpressure)
  // instead of in this process's memory.
  const admission = createSemaphore(opts.concurrency)
  app.register(async (scope) => {
    // Leave the body unread: the handler streams it.
    scope.addContentTypeParser('multipart/form-data', (_req, _payload, done) => done(null))
    for (const [path, proc] of Object.entries(MULTIPART_PROCEDURES)) {
      const limits: MultipartLimits = { maxFileBytes: opts.maxFileBytes, maxFiles: proc.maxFiles, fileField: proc.fileField }
      scope.post(`/trpc/${path}`, { bodyLimit: maxRequestBytes(limits) }, async (req, reply) => {
        let ctx: Context | undefined
        try {
          ctx = await opts.createContext(req, reply)
          if (!ctx.viewer && !ctx.badBearer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' })
          if (!req.headers['content-type']?.startsWith('multipart/form-data')) {
            throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send this as multipart/form-data' })
          }
          const declared = Number(req.headers['content-length'] ?? 0)
          if (declared > maxRequestBytes(limits)) {
            throw new DomainError('PAYLOAD_TOO_LARGE', `The upload is ${Math.round(declared / 1e6)} MB; the most a post can be is ${Math.round(maxRequestBytes(limits) / 1e6)} MB`)
          }
          // Sign-in is checked before a byte of the body is read.
          const caller = createCaller(ctx)
          const data = await admission.run(async () => proc.call(caller, (await readMultipart(req.raw, limits)) as unknown as FormData))
          return reply.send({ result: { data } })
        } catch (cause) {
          const { error, status, body } = errorResponse(cause, { type: 'mutation', path, input: undefined, ctx })
          if (error.code === 'INTERNAL_SERVER_ERROR') opts.onError(error, path, req)
          // An oversize body is refused without reading the rest of it: close the connection after answering.
          if (error.code === 'PAYLOAD_TOO_LARGE') reply.header('connection', 'close')
          const retryAfter = retryAfterSeconds(error)
          if (retryAfter) reply.header('retry-after', String(retryAfter))
          return reply.code(status).send(body)
        }
      })
    }
  })
}
