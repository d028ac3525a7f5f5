import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from './root.ts'

export { appRouter, type AppRouter } from './root.ts'
export {
  createCallerFactory,
  createContextInner,
  type ApiDeps,
  type Context,
  type Credentials,
  type ProcedureObserver,
  type ReadRouting,
  type ReplicaRead,
  type RequestMeta,
  type SessionCookie,
} from './trpc.ts'

export type RouterInputs = inferRouterInputs<AppRouter>
export type RouterOutputs = inferRouterOutputs<AppRouter>
export { isUnavailable, retryAfterSeconds, toTRPCError, UNAVAILABLE_RETRY_AFTER_SECONDS } from './errors.ts'
export { callProcedure, createCaller, errorResponse, procedureType, type ErrorResponse } from './http.ts'
export { answerSpliced, answerSplicedByToken } from './warm.ts'
