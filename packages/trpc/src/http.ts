import { callTRPCProcedure, getTRPCErrorShape, type TRPCError, type TRPCProcedureType, type TRPCRouterRecord } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { toTRPCError } from './errors.ts'
import { appRouter } from './root.ts'
import { createCallerFactory, type Context } from './trpc.ts'

/** A caller over the whole router, for HTTP routes and scripts that bypass the adapter. */
export const createCaller = createCallerFactory(appRouter)

function* proceduresOf(record: TRPCRouterRecord, prefix = ''): Generator<[string, TRPCProcedureType]> {
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'function') yield [`${prefix}${key}`, value._def.type]
    else yield* proceduresOf(value, `${prefix}${key}.`)
  }
}

const PROCEDURE_TYPES: ReadonlyMap<string, TRPCProcedureType> = new Map(proceduresOf(appRouter._def.record))

/** The type of the procedure at a dotted path (`feed.home` → `query`), or undefined when there is none. */
export const procedureType = (path: string): TRPCProcedureType | undefined => PROCEDURE_TYPES.get(path)

/**
 * Calls the procedure at `path` as tRPC's own adapters do: the same middleware (metrics, domain
 * errors, who asks), input parsing and errors; NOT_FOUND when no procedure of that type is there.
 * For a path known only at run time; code that knows its procedure uses `createCaller`.
 */
export function callProcedure(ctx: Context, type: TRPCProcedureType, path: string, input: unknown, batchIndex = 0): Promise<unknown> {
  return callTRPCProcedure({ router: appRouter, ctx, type, path, getRawInput: async () => input, signal: undefined, batchIndex })
}

export type ErrorResponse = { error: TRPCError; status: number; body: { error: unknown } }

/** What the tRPC adapter would answer for `cause`: status and wire body, formatted by the router. */
export function errorResponse(cause: unknown, at: { type: TRPCProcedureType; path: string; input: unknown; ctx: Context | undefined }): ErrorResponse {
  const error = toTRPCError(cause)
  const shape = getTRPCErrorShape({ config: appRouter._def._config, error, ...at })
  return { error, status: getHTTPStatusCodeFromError(error), body: { error: shape } }
}
