// What each process role serves (ARCHITECTURE.md "Roles"). The balancer sends GET and HEAD to the
// read pool and everything else to the write pool (deploy/haproxy.cfg), so a role is a set of
// methods: `read` answers GET and HEAD (queries, /media, exports, the web app and share pages),
// `write` the rest (mutations and uploads), `worker` nothing but health, and `all` everything.
// A request a role does not serve is refused at once with 421 Misdirected Request, before its body
// is read or the fast path or a route runs, so a misrouted balancer shows at its first request
// instead of being half served. Health, readiness and metrics answer on every role.
import { errorResponse, procedureType } from '@mosaic/trpc'
import { TRPCError } from '@trpc/server'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'

export type Role = Config['ROLE']

export const MISDIRECTED = 421

/** Answered by every role: what a balancer and a scraper ask of any process. */
const EVERY_ROLE = /^\/(healthz|readyz|metrics)(\/|\?|$)/
const READ_METHODS = new Set(['GET', 'HEAD'])

/** Whether a role answers queries, media and the web app (GET, HEAD). */
export const servesReads = (role: Role) => role === 'all' || role === 'read'
/** Whether a role answers mutations and uploads (every other method). */
export const servesWrites = (role: Role) => role === 'all' || role === 'write'

/** Why `role` does not serve this request, or null when it does. */
export function misdirected(role: Role, method: string, url: string): string | null {
  if (role === 'all' || EVERY_ROLE.test(url)) return null
  if (role === 'worker') return 'This server runs ROLE=worker: it runs jobs and answers only /healthz, /readyz and /metrics'
  if (role === 'write') return READ_METHODS.has(method) ? 'This server runs ROLE=write: queries, media and the web app go to the read pool' : null
  // A read process runs queries only: whatever the method says, a call that names a mutation is refused here.
  const calls = trpcPaths(url)
  const mutates = !READ_METHODS.has(method) || (calls?.some((p) => procedureType(p) !== 'query' && procedureType(p) !== undefined) ?? false)
  return mutates ? 'This server runs ROLE=read: mutations and uploads go to the write pool' : null
}

/** Refuses, as its first hook, every request this process's role does not serve. */
export function registerRoleGate(app: FastifyInstance, role: Role) {
  if (role === 'all') return
  app.addHook('onRequest', async (req, reply) => {
    const why = misdirected(role, req.method, req.url)
    if (why) return refuse(req, reply, why)
  })
}

function refuse(req: FastifyRequest, reply: FastifyReply, message: string) {
  // The body is left unread: do not let the client go on sending it on this connection.
  if (!READ_METHODS.has(req.method)) reply.header('connection', 'close')
  reply.code(MISDIRECTED).header('content-type', 'application/json')
  const calls = trpcPaths(req.url)
  if (!calls) return reply.send(JSON.stringify({ error: 'Misdirected Request', message }))
  // tRPC's own error shape, so a client shows the message; one answer per call of a batch.
  const error = new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message })
  const type = READ_METHODS.has(req.method) ? 'query' : 'mutation'
  const bodies = calls.map((path) => withStatus(errorResponse(error, { type, path, input: undefined, ctx: undefined }).body, MISDIRECTED))
  const batch = new URL(req.url, 'http://x').searchParams.get('batch') === '1'
  return reply.send(JSON.stringify(batch ? bodies : bodies[0]))
}

/** The wire body with its `data.httpStatus` set to the status it is sent with. */
function withStatus(body: { error: unknown }, status: number): { error: unknown } {
  const shape = body.error
  if (typeof shape !== 'object' || shape === null || !('data' in shape)) return body
  const data = typeof shape.data === 'object' && shape.data !== null ? { ...shape.data, httpStatus: status } : shape.data
  return { error: { ...shape, data } }
}

/** The procedure paths of a /trpc request (`/trpc/a,b?batch=1` → `['a', 'b']`), or null for other routes. */
function trpcPaths(url: string): string[] | null {
  const match = /^\/trpc(?:\/([^?]*))?(?:\?|$)/.exec(url)
  if (!match) return null
  const pathname = match[1] ?? ''
  try {
    return decodeURIComponent(pathname).split(',')
  } catch {
    return pathname.split(',') // left as sent: the router answers NOT_FOUND
  }
}
