import { getTRPCErrorFromUnknown, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server'
import { DomainError, type DomainErrorCode } from '@mosaic/core'

/** The one table from domain errors to tRPC codes. */
export const DOMAIN_TO_TRPC = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  UNPROCESSABLE_CONTENT: 'UNPROCESSABLE_CONTENT',
} as const satisfies Record<DomainErrorCode, TRPC_ERROR_CODE_KEY>

/** Seconds a client is told to wait (`Retry-After`) when an engine does not answer. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5

// Errors that say the database (or another engine) cannot be reached right now, not that the
// request is wrong: node's socket errors, postgres.js's connection errors, and Postgres's own
// admin_shutdown / crash_shutdown / cannot_connect_now / too_many_connections.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'CONNECTION_ENDED', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  '57P01', '57P02', '57P03', '53300',
])

/** True when `cause` (or what it wraps: Drizzle's query error, an AggregateError) is an engine that did not answer. */
export function isUnavailable(cause: unknown, depth = 0): boolean {
  if (!cause || typeof cause !== 'object' || depth > 5) return false
  const { code, cause: inner, errors } = cause as { code?: unknown; cause?: unknown; errors?: unknown }
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
  if (Array.isArray(errors) && errors.some((e) => isUnavailable(e, depth + 1))) return true
  return isUnavailable(inner, depth + 1)
}

/** Any thrown value as the TRPCError it answers with: domain errors by the table, an engine that does not answer as 503, the rest as tRPC does. */
export function toTRPCError(cause: unknown): TRPCError {
  if (cause instanceof DomainError) return new TRPCError({ code: DOMAIN_TO_TRPC[cause.code], message: cause.message, cause })
  const unavailable = cause instanceof TRPCError ? cause.code === 'INTERNAL_SERVER_ERROR' && isUnavailable(cause.cause) : isUnavailable(cause)
  if (unavailable) {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The service is briefly unavailable; try again in a few seconds', cause: cause instanceof TRPCError ? cause.cause : cause })
  }
  return getTRPCErrorFromUnknown(cause)
}

/** The `Retry-After` an error answers with, in seconds, if any: rate limits and unavailable engines. */
export function retryAfterSeconds(error: TRPCError): number | undefined {
  if (error.code === 'SERVICE_UNAVAILABLE') return UNAVAILABLE_RETRY_AFTER_SECONDS
  return error.cause instanceof DomainError ? error.cause.details.retryAfterSeconds : undefined
}

type Issue = { path: PropertyKey[]; message: string }

/** Input validation issues in a shape forms can use: the field path and its message. */
export function issuesOf(cause: unknown): { issues: { path: string; message: string }[]; fieldErrors: Record<string, string> } | null {
  const issues = (cause as { issues?: unknown } | undefined)?.issues
  if (!Array.isArray(issues)) return null
  const list = (issues as Issue[]).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
  const fieldErrors: Record<string, string> = {}
  for (const i of list) fieldErrors[i.path] ??= i.message
  return { issues: list, fieldErrors }
}
