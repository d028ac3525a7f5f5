import { DomainError, posts, type UploadForm } from '@mosaic/core'
import { createCaller, type Context } from '@mosaic/trpc'
import type { Limits } from '@mosaic/validators'
import { TRPCError } from '@trpc/server'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { CreateContext } from '../context.ts'
import { Busy, failureOf, sendAnswer } from '../errors.ts'
import { createAdmission, type Admission } from './admission.ts'
import { clientGone, interrupted, maxRequestBytes, readMultipart, type MultipartLimits } from './multipart.ts'

type Caller = ReturnType<typeof createCaller>
/** The procedures that take files, with the form field their files arrive in and the limits on how many (and how many videos). */
export const MULTIPART_PROCEDURES = {
  'post.create': { fileField: 'files', maxFiles: (l: Limits) => l.filesPerPost, maxVideos: (l: Limits) => l.videosPerPost, idempotent: true, call: (c: Caller, f: UploadForm) => c.post.create(f) },
  'user.setAvatar': { fileField: 'file', maxFiles: () => 1, maxVideos: () => 0, idempotent: false, call: (c: Caller, f: UploadForm) => c.user.setAvatar(f) },
  'story.create': { fileField: 'file', maxFiles: () => 1, maxVideos: () => 1, idempotent: false, call: (c: Caller, f: UploadForm) => c.story.create(f) },
} satisfies Record<
  string,
  { fileField: string; maxFiles(limits: Limits): number; maxVideos(limits: Limits): number; idempotent: boolean; call(c: Caller, f: UploadForm): Promise<unknown> }
>

/** Seconds a client refused for a full queue is asked to wait before trying again. */
export const BUSY_RETRY_AFTER_SECONDS = 2

declare module 'fastify' {
  interface FastifyInstance {
    /** Upload slots and queue, for tests and metrics. */
    uploadAdmission: Admission
  }
}

/** The upload queue is full: a short wait, unlike an engine that is down. */
const busy = () => new Busy('Too many uploads are waiting right now; try again in a moment', BUSY_RETRY_AFTER_SECONDS)

/**
 * FormData procedures get their own route in front of the tRPC adapter (which would buffer the
 * whole body before any limit applies). Everything that can refuse an upload does so before a
 * byte of its body is read (who asks, type, declared size, a full queue, an Idempotency-Key
 * already in use); then it streams the body under the limits, calls the same procedure through
 * the same router, and answers in tRPC's wire format.
 */
export function registerUploadRoutes(
  app: FastifyInstance,
  opts: {
    /** The limits in force (files per post, bytes per file). */
    limits: Limits
    concurrency: number
    /** Uploads that may wait for a slot; past that they are refused with 503 and Retry-After. */
    queueMax: number
    idleTimeoutMs: number
    /** Where each upload's files are written while it is handled (a directory per request, removed after). */
    tmpDir: string
    createContext: CreateContext
  },
) {
  // Bodies are read only a few at a time: a burst of large uploads waits in TCP buffers (backpressure)
  // instead of in this process's memory, and a burst past the queue is told to come back later.
  const admission = createAdmission(opts.concurrency, opts.queueMax)
  app.decorate('uploadAdmission', admission)
  app.register(async (scope) => {
    // Leave the body unread: the handler streams it.
    scope.addContentTypeParser('multipart/form-data', (_req, _payload, done) => done(null))
    for (const [path, proc] of Object.entries(MULTIPART_PROCEDURES)) {
      const limits: MultipartLimits = {
        maxFileBytes: opts.limits.maxFileBytes,
        maxVideoBytes: opts.limits.maxVideoBytes,
        maxVideos: proc.maxVideos(opts.limits),
        maxFiles: proc.maxFiles(opts.limits),
        fileField: proc.fileField,
        idleTimeoutMs: opts.idleTimeoutMs,
      }
      scope.post(`/trpc/${path}`, { bodyLimit: maxRequestBytes(limits) }, async (req, reply) => {
        let ctx: Context | undefined
        let claim: posts.IdempotencyClaim | null = null
        // This request's files on disk (a directory made when the first file arrives).
        const spool = new posts.UploadSpool(opts.tmpDir, limits)
        // Aborted the moment the client goes away, whatever this request is doing: waiting for a
        // slot, streaming, or being processed.
        const gone = new AbortController()
        const onGone = () => {
          if (!reply.raw.writableFinished) gone.abort(interrupted())
        }
        reply.raw.on('close', onGone)
        // The server's idle timeout would fire while this waits for a slot or processes photos;
        // while the body streams, readMultipart watches the rate itself.
        req.raw.socket.setTimeout(0)
        try {
          if (clientGone(req.raw)) throw interrupted()
          ctx = await opts.createContext(req, reply)
          if (!ctx.viewer) {
            throw new TRPCError({ code: 'UNAUTHORIZED', message: ctx.badBearer ? 'That session token is invalid or has expired' : 'Sign in to continue' })
          }
          if (!req.headers['content-type']?.startsWith('multipart/form-data')) {
            throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send this as multipart/form-data' })
          }
          const declared = Number(req.headers['content-length'] ?? 0)
          if (declared > maxRequestBytes(limits)) {
            throw new DomainError('PAYLOAD_TOO_LARGE', `The upload is ${Math.round(declared / 1e6)} MB; the most a post can be is ${Math.round(maxRequestBytes(limits) / 1e6)} MB`)
          }
          const key = proc.idempotent ? idempotencyKeyOf(req) : undefined
          if (!admission.hasRoom()) throw busy()
          // A retry of an upload still running is refused here, before its body is read.
          const keyState = key === undefined ? undefined : await posts.claimKey(ctx.deps.db, ctx.viewer.id, key)
          if (keyState?.kind === 'claimed') claim = keyState.claim
          const caller = createCaller(ctx)
          const admitted = await admission.run(async () => {
            const form: UploadForm = await readMultipart(req.raw, limits, spool, gone.signal)
            if (key !== undefined) form.idempotency = { key, state: keyState! }
            return proc.call(caller, form)
          }, gone.signal)
          if (!admitted) throw busy()
          return await sendAnswer(req, reply, { status: 200, body: { result: { data: admitted.value } } })
        } catch (cause) {
          return await sendAnswer(req, reply, failureOf(req, cause, { type: 'mutation', path, input: undefined, ctx }))
        } finally {
          reply.raw.off('close', onGone)
          req.raw.socket?.setTimeout(opts.idleTimeoutMs)
          // The received files go whatever happened (answered, refused, the client gone mid-body),
          // after the answer, which a refused client is waiting for.
          await spool.dispose()
          await claim?.release()
        }
      })
    }
  })
}

function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const header = req.headers['idempotency-key']
  if (header === undefined) return undefined
  if (typeof header !== 'string') throw new DomainError('BAD_REQUEST', 'Send one Idempotency-Key', { field: 'idempotency-key' })
  posts.checkKeyFormat(header)
  return header
}
