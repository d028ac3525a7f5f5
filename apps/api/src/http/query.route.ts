import { answerSpliced, callProcedure, procedureType, type Context } from '@mosaic/trpc'
import { TRPCError } from '@trpc/server'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { CreateContext } from './context.ts'
import { failureOf, sendAnswer, type Failure } from './errors.ts'
import { coldPages, splicedAnswer } from './warm-feed.ts'

/**
 * GET queries — the hot path (feed, profiles, posts) — answered without the adapter's Fetch API
 * round trip (undici Request, AbortSignal and web-stream Response per call cost about as much as a
 * feed page). Same router, same middleware, same wire format, single and batched
 * (`?batch=1&input={"0":…}`). Mutations and anything unusual fall through to the adapter.
 */
export function registerQueryFastPath(app: FastifyInstance, opts: { createContext: CreateContext }) {
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !req.url.startsWith('/trpc/')) return
    const url = new URL(req.url, 'http://x')
    const paths = decodeURIComponent(url.pathname.slice('/trpc/'.length)).split(',')
    if (paths.some((p) => procedureType(p) !== 'query')) return // let the adapter answer
    const batch = url.searchParams.get('batch') === '1'
    const rawInput = url.searchParams.get('input')

    let inputs: unknown[]
    try {
      const parsed: unknown = rawInput === null ? undefined : JSON.parse(rawInput)
      inputs = batch ? paths.map((_, i) => (parsed as Record<string, unknown> | undefined)?.[i]) : [parsed]
    } catch (cause) {
      const error = new TRPCError({ code: 'PARSE_ERROR', message: 'The input is not valid JSON', cause })
      const failures = paths.map((path) => failureOf(req, error, { type: 'query', path, input: undefined, ctx: undefined }))
      return sendAnswer(req, reply, { status: 400, body: batch ? failures.map((f) => f.body) : failures[0]!.body })
    }

    let ctx: Context | undefined
    let contextError: unknown
    try {
      ctx = await opts.createContext(req, reply)
    } catch (cause) {
      contextError = cause // every call in the batch answers with it
    }
    // One call with a spliced answer (the warm home feed): its JSON text as it is. Not tried again
    // when the warm feed's listener (warm-feed.ts) just found the page not warm.
    if (ctx && coldPages.has(req.raw)) ctx.splicedTried = true
    const spliced = ctx && paths.length === 1 ? await answerSpliced(ctx, paths[0]!, inputs[0]) : null
    if (spliced !== null) return sendSpliced(reply, spliced, batch)
    const results = await Promise.all(
      paths.map(async (path, i): Promise<{ ok: true; body: unknown } | ({ ok: false } & Failure)> => {
        try {
          if (!ctx) throw contextError
          return { ok: true, body: { result: { data: await callProcedure(ctx, 'query', path, inputs[i], i) } } }
        } catch (cause) {
          return { ok: false, ...failureOf(req, cause, { type: 'query', path, input: inputs[i], ctx }) }
        }
      }),
    )
    const statuses = new Set(results.map((r) => (r.ok ? 200 : r.status)))
    return sendAnswer(req, reply, {
      status: statuses.size === 1 ? [...statuses][0]! : 207,
      body: batch ? results.map((r) => r.body) : results[0]!.body,
      retryAfter: results.map((r) => (r.ok ? undefined : r.retryAfter)).find(Boolean),
    })
  })
}

/** A call's spliced JSON text, sent in tRPC's envelope (alone or as a batch of one). */
function sendSpliced(reply: FastifyReply, data: string, batch: boolean) {
  return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(splicedAnswer(data, batch))
}
