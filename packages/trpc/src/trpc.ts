import { initTRPC, TRPCError } from '@trpc/server'
import { auth, DomainError, type CoreDeps, type feed, type Viewer } from '@mosaic/core'
import type { Limits } from '@mosaic/validators'
import { isUnavailable, issuesOf, toTRPCError } from './errors.ts'

// ---------------------------------------------------------------------------------------------
// 1. Context
// ---------------------------------------------------------------------------------------------

/** Observes every procedure call (apps/api records Prometheus metrics with it). */
export type ProcedureObserver = (path: string, type: string, seconds: number, outcome: string) => void

export type ApiDeps = CoreDeps & Omit<feed.FeedDeps, keyof CoreDeps> & { observe?: ProcedureObserver; limits: Limits }

/** How a procedure sets or clears the session cookie; a no-op for callers without HTTP. */
export type SessionCookie = { set(token: string, expiresAt: Date): void; clear(): void }

export type RequestMeta = { ip: string; userAgent?: string | undefined }

export type Credentials = { token: string; source: 'cookie' | 'bearer' } | null

export type Context = {
  deps: ApiDeps
  viewer: Viewer | null
  meta: RequestMeta
  cookie: SessionCookie
  /** A bearer token was presented and is not valid: refused, never silently anonymous. */
  badBearer: boolean
}

const noCookie: SessionCookie = { set: () => {}, clear: () => {} }

/** Context without HTTP: the adapter wraps it, and tests call it directly through createCaller. */
export async function createContextInner(opts: {
  deps: ApiDeps
  credentials: Credentials
  meta?: RequestMeta
  cookie?: SessionCookie
}): Promise<Context> {
  const cookie = opts.cookie ?? noCookie
  const creds = opts.credentials
  const viewer = creds ? await auth.resolveSession(opts.deps, creds.token) : null
  // A stale cookie is a signed-out browser (clear it); a bad bearer token is a client error.
  if (creds?.source === 'cookie' && !viewer) cookie.clear()
  return {
    deps: opts.deps,
    viewer,
    meta: opts.meta ?? { ip: '127.0.0.1' },
    cookie,
    badBearer: creds?.source === 'bearer' && !viewer,
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Init
// ---------------------------------------------------------------------------------------------

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const domain = error.cause instanceof DomainError ? error.cause.details : undefined
    const validation = error.code === 'BAD_REQUEST' ? issuesOf(error.cause) : null
    return {
      ...shape,
      // One readable sentence; the full list stays in data.issues.
      message: validation?.issues[0] ? `Invalid input: ${validation.issues[0].path || 'input'}: ${validation.issues[0].message}` : shape.message,
      // Malformed JSON is a bad request like any other.
      data: { ...shape.data, code: error.code === 'PARSE_ERROR' ? 'BAD_REQUEST' : shape.data.code, stack: undefined, ...domain, ...validation },
    }
  },
})

export const router = t.router
export const createCallerFactory = t.createCallerFactory
export const middleware = t.middleware

// ---------------------------------------------------------------------------------------------
// 3. Procedures
// ---------------------------------------------------------------------------------------------

const observed = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now()
  const result = await next()
  ctx.deps.observe?.(path, type, (performance.now() - started) / 1000, result.ok ? 'ok' : result.error.code)
  return result
})

const domainErrors = t.middleware(async ({ next }) => {
  const result = await next()
  if (!result.ok && (result.error.cause instanceof DomainError || isUnavailable(result.error.cause))) throw toTRPCError(result.error.cause)
  return result
})

const credentialsChecked = t.middleware(({ ctx, next }) => {
  if (ctx.badBearer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'That session token is invalid or has expired' })
  return next()
})

export const publicProcedure = t.procedure.use(observed).use(domainErrors).use(credentialsChecked)

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' })
  return next({ ctx: { ...ctx, viewer: ctx.viewer } })
})
