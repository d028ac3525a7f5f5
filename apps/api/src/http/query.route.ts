import { appRouter, createCaller, errorResponse, retryAfterSeconds, type Context } from '@mosaic/trpc'
import { TRPCError } from '@trpc/server'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

const procedures = (appRouter._def as unknown as { procedures: Record<string, { _def: { type: string } }> }).procedures

type Callable = (input: unknown) => Promise<unknown>
const resolve = (caller: unknown, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as Callable

/**
 * GET queries — the hot path (feed, profiles, posts) — answered without the adapter's Fetch API
 * round trip (undici Request, AbortSignal and web-stream Response per call cost about as much as a
 * feed page). Same router, same middleware, same wire format, single and batched
 * (`?batch=1&input={"0":…}`). Mutations and anything unusual fall through to the adapter.
 */
export function registerQueryFastPath(
  app: FastifyInstance,
  opts: { createContext(req: FastifyRequest, reply: FastifyReply): Promise<Context>; onError(err: TRPCError, path: string, req: FastifyRequest): void },
) {
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !req.url.startsWith('/trpc/')) return
    const url = new URL(req.url, 'http://x')
    const paths = decodeURIComponent(url.pathname.slice('/trpc/'.length)).split(',')
    if (paths.some((p) => procedures[p]?._def.type !== 'query')) return // let the adapter answer
    const batch = url.searchParams.get('batch') === '1'
    const rawInput = url.searchParams.get('input')

    let inputs: unknown[]
    try {
      const parsed: unknown = rawInput === null ? undefined : JSON.parse(rawInput)
      inputs = batch ? paths.map((_, i) => (parsed as Record<string, unknown> | undefined)?.[i]) : [parsed]
    } catch (cause) {
      inputs = []
      const error = new TRPCError({ code: 'PARSE_ERROR', message: 'The input is not valid JSON', cause })
      const body = paths.map((path) => errorResponse(error, { type: 'query', path, input: undefined, ctx: undefined }).body)
      return reply.code(400).header('content-type', 'application/json').send(JSON.stringify(batch ? body : body[0]))
    }

    let ctx: Context | undefined
    let contextError: unknown
    try {
      ctx = await opts.createContext(req, reply)
    } catch (cause) {
      contextError = cause // every call in the batch answers with it
    }
    const caller = ctx ? createCaller(ctx) : null
    const results = await Promise.all(
      paths.map(async (path, i) => {
        try {
          if (!caller) throw contextError
          return { ok: true as const, body: { result: { data: await resolve(caller, path)(inputs[i]) } } }
        } catch (cause) {
          const { error, status, body } = errorResponse(cause, { type: 'query', path, input: inputs[i], ctx })
          if (error.code === 'INTERNAL_SERVER_ERROR') opts.onError(error, path, req)
          return { ok: false as const, status, body, retryAfter: retryAfterSeconds(error) }
        }
      }),
    )
    const statuses = new Set(results.map((r) => (r.ok ? 200 : r.status)))
    const status = statuses.size === 1 ? [...statuses][0]! : 207
    const retryAfter = results.map((r) => (r.ok ? undefined : r.retryAfter)).find(Boolean)
    if (retryAfter) reply.header('retry-after', String(retryAfter))
    return reply
      .code(status)
      .header('content-type', 'application/json')
      .send(JSON.stringify(batch ? results.map((r) => r.body) : results[0]!.body))
  })
}
