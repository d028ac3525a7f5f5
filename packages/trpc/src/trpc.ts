import { initTRPC, TRPCError } from '@trpc/server'
import { auth, DomainError, type CoreDeps, type feed, type Viewer } from '@mosaic/core'
import type { Limits } from '@mosaic/validators'
import { isUnavailable, issuesOf, toTRPCError } from './errors.ts'

// ---------------------------------------------------------------------------------------------
// 1. Context
// ---------------------------------------------------------------------------------------------

/** Observes every procedure call (apps/api records Prometheus metrics with it). */
export type ProcedureObserver = (path: string, type: string, seconds: number, outcome: string) => void

export type ApiDeps = CoreDeps & Omit<feed.FeedDeps, keyof CoreDeps> & { observe?: ProcedureObserver; limits: Limits; readRouting?: ReadRouting }

/**
 * Where queries that may lag are read (apps/api builds it from DATABASE_REPLICA_URLS). Sessions are
 * resolved before it is asked, against the primary or the session cache, never a replica.
 */
export type ReadRouting = {
  /** Deps over a healthy replica for this query, or null to read the primary (a viewer who just wrote, no healthy replica). */
  forQuery(viewerId: string | null): Promise<ReplicaRead | null>
  /** After a viewer's mutation: their queries read the primary for the read-your-writes window. */
  wrote(viewerId: string): Promise<void>
}
export type ReplicaRead = {
  deps: ApiDeps
  /** The query failed on the replica and is retried on the primary. */
  failed(cause: unknown): void
}

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
  /** The gateway already tried this call's spliced answer (warm.ts) and found none: not again. */
  splicedTried?: boolean
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

/** The user a mutation signed in (sign-up, sign-in), read from its answer: they have no viewer yet. */
function signedIn(data: unknown): string | null {
  const user = typeof data === 'object' && data !== null && 'token' in data && 'user' in data ? data.user : null
  return typeof user === 'object' && user !== null && 'id' in user && typeof user.id === 'string' ? user.id : null
}

// Queries read a replica unless the viewer wrote within the read-your-writes window; a query that
// fails there for a reason not its own (the replica went away, a read-only refusal, a recovery
// conflict) is run again on the primary. Mutations run on the primary and then mark their writer,
// before the answer leaves, so the writer's next query cannot outrun the mark.
const replicaRouted = t.middleware(async ({ ctx, type, next }) => {
  const routing = ctx.deps.readRouting
  if (!routing) return next()
  if (type !== 'query') {
    const result = await next()
    const writer = ctx.viewer?.id ?? (result.ok ? signedIn(result.data) : null)
    if (writer) await routing.wrote(writer)
    return result
  }
  const replica = await routing.forQuery(ctx.viewer?.id ?? null)
  if (!replica) return next()
  const result = await next({ ctx: { deps: replica.deps } })
  if (result.ok || result.error.code !== 'INTERNAL_SERVER_ERROR' || result.error.cause instanceof DomainError) return result
  replica.failed(result.error.cause)
  return next()
})

export const publicProcedure = t.procedure.use(observed).use(domainErrors).use(credentialsChecked).use(replicaRouted)

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' })
  return next({ ctx: { ...ctx, viewer: ctx.viewer } })
})
