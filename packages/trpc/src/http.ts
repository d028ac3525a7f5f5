import { getTRPCErrorShape, type TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { toTRPCError } from './errors.ts'
import { appRouter } from './root.ts'
import { createCallerFactory, type Context } from './trpc.ts'

/** A caller over the whole router, for HTTP routes and scripts that bypass the adapter. */
export const createCaller = createCallerFactory(appRouter)

export type ErrorResponse = { error: TRPCError; status: number; body: { error: unknown } }

/** What the tRPC adapter would answer for `cause`: status and wire body, formatted by the router. */
export function errorResponse(cause: unknown, at: { type: 'query' | 'mutation'; path: string; input: unknown; ctx: Context | undefined }): ErrorResponse {
  const error = toTRPCError(cause)
  const shape = getTRPCErrorShape({ config: appRouter._def._config, error, ...at })
  return { error, status: getHTTPStatusCodeFromError(error), body: { error: shape } }
}
