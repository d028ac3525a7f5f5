// How every path into the router answers a failure: the router's own error shape and status, a
// Retry-After when waiting helps, INTERNAL_SERVER_ERROR logged (and nothing else: the rest is the
// client's answer), and the connection closed when the request's body is left unread.
import { errorResponse, retryAfterSeconds, type Context } from '@mosaic/trpc'
import { TRPCError, type TRPCProcedureType } from '@trpc/server'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** Refused for now, not for good: SERVICE_UNAVAILABLE with its own, usually short, Retry-After. */
export class Busy extends TRPCError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ code: 'SERVICE_UNAVAILABLE', message })
  }
}

/** Seconds a client is told to wait: a Busy's own, else rate limits' and unavailable engines'. */
export const retryAfterOf = (error: TRPCError): number | undefined => (error instanceof Busy ? error.retryAfterSeconds : retryAfterSeconds(error))

/** Logs the failures that are ours to fix. */
export function logFailure(req: FastifyRequest, error: TRPCError, path: string | undefined) {
  if (error.code === 'INTERNAL_SERVER_ERROR') req.log.error({ err: error.cause ?? error, path }, 'procedure failed')
}

export type Failure = { status: number; body: { error: unknown }; retryAfter: number | undefined }

/** One call's failure as it is answered: status, wire body and Retry-After; logged when it is ours. */
export function failureOf(
  req: FastifyRequest,
  cause: unknown,
  at: { type: TRPCProcedureType; path: string; input: unknown; ctx: Context | undefined },
): Failure {
  const { error, status, body } = errorResponse(cause, at)
  logFailure(req, error, at.path)
  return { status, body, retryAfter: retryAfterOf(error) }
}

export type Answer = { status: number; body: unknown; retryAfter?: number | undefined }

/**
 * Sends an answer as tRPC's adapter would: JSON, with its Retry-After. A refusal that comes before
 * the request's body was read to the end also closes the connection, rather than read the rest.
 */
export function sendAnswer(req: FastifyRequest, reply: FastifyReply, answer: Answer) {
  if (answer.retryAfter) reply.header('retry-after', String(answer.retryAfter))
  if (answer.status >= 400 && !req.raw.complete) reply.header('connection', 'close')
  return reply.code(answer.status).header('content-type', 'application/json').send(JSON.stringify(answer.body))
}
