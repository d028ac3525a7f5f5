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

/** Any thrown value as the TRPCError it answers with: domain errors by the table, the rest as tRPC does. */
export function toTRPCError(cause: unknown): TRPCError {
  if (cause instanceof DomainError) return new TRPCError({ code: DOMAIN_TO_TRPC[cause.code], message: cause.message, cause })
  return getTRPCErrorFromUnknown(cause)
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
