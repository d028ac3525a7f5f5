// The warm home-feed page answered in front of the framework. A `GET /trpc/feed.home` whose session
// this process read lately is answered straight from the HTTP server's request event: the page's
// one Redis script checks the session and reads the page (trpc warm.ts, core feed/warm.ts), and its
// text goes out with the very headers, request id, compression, metrics and log lines every other
// answer gets from the hooks (guards.ts, server.ts), without building a request and a reply for the
// hooks to run on. Everything else — other calls, a session
// not read lately, a page that is not warm, a process that is closing — goes to Fastify unchanged.
import { randomUUID } from 'node:crypto'
import { createServer, IncomingMessage, ServerResponse, type Server, type ServerOptions } from 'node:http'
import { Socket } from 'node:net'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlib, gzip } from 'node:zlib'
import { negotiate } from '@fastify/accept-negotiator'
import { fastifyCookie } from '@fastify/cookie'
import { answerSplicedByToken, type ApiDeps } from '@mosaic/trpc'
import type { FastifyBaseLogger } from 'fastify'
import helmet from 'helmet'
import type { Metrics } from '../metrics.ts'
import { credentialsFrom, SESSION_COOKIE } from './context.ts'
import { helmetOptions, PERMISSIONS_POLICY, type GuardOptions } from './guards.ts'

/** What every text answer is compressed with (server.ts registers @fastify/compress with the same). */
export const COMPRESSION: { encodings: ('br' | 'gzip')[]; threshold: number; brotliOptions: { params: Record<number, number> }; zlibOptions: { level: number } } = {
  encodings: ['br', 'gzip'],
  threshold: 1024,
  brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
  zlibOptions: { level: 6 },
}
const compressWith = { br: promisify(brotliCompress), gzip: promisify(gzip) }

/** The label HTTP metrics give the tRPC routes (`req.routeOptions.url`). */
const TRPC_ROUTE = '/trpc/:path'
const FEED_HOME = '/trpc/feed.home'

/** Requests whose page this listener found not warm (their session held): query.route.ts does not try it again. */
export const coldPages = new WeakSet<IncomingMessage>()

/** A call's spliced JSON text in tRPC's envelope, alone or as a batch of one. */
export function splicedAnswer(data: string, batch: boolean): string {
  const body = `{"result":{"data":${data}}}`
  return batch ? `[${body}]` : body
}

/** A request's id: the balancer's X-Request-Id when it sent one, else a new one. */
export const requestIdOf = (req: IncomingMessage) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'].slice(0, 64) : randomUUID())

type Options = {
  deps: ApiDeps
  config: GuardOptions['config']
  metrics: Metrics
  /** The server's logger, and whether it writes info lines (each request's two, as Fastify's). */
  log: () => FastifyBaseLogger
  logsRequests: boolean
  /** Fastify's HTTP server options, as it would make its own server with. */
  server: { http: ServerOptions; keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number }
}
type Handler = (req: IncomingMessage, res: ServerResponse) => void

/**
 * Fastify's `serverFactory`: the HTTP server Fastify would make (same options and timeouts), whose
 * requests go to the warm feed first and to Fastify's handler when it does not answer.
 */
export function serverWithWarmFeed(opts: Options) {
  const answer = warmFeedAnswerer(opts)
  const options = opts.server
  return (handler: Handler): Server => {
    const server = createServer(options.http, (req, res) => {
      if (req.method !== 'GET' || !req.url?.startsWith(FEED_HOME) || !server.listening) return handler(req, res)
      // A failure before anything was written leaves the request to Fastify, which answers it.
      answer(req, res).then(
        (answered) => answered || handler(req, res),
        () => res.headersSent || handler(req, res),
      )
    })
    server.keepAliveTimeout = options.keepAliveTimeout
    server.requestTimeout = options.requestTimeout
    server.setTimeout(options.connectionTimeout)
    return server
  }
}

/** Answers a warm page and says so, or says it did not (nothing is written then). */
function warmFeedAnswerer(opts: Options) {
  const headers = { ...guardHeaders(opts.config), 'content-type': 'application/json; charset=utf-8' }
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const started = performance.now()
    const call = feedCallOf(req.url ?? '')
    const token = call && tokenOf(req)
    if (!call || !token) return false
    const page = await answerSplicedByToken(opts.deps, token, 'feed.home', call.input)
    if (page === 'cold') coldPages.add(req) // the session was held: Fastify's way need not try the page again
    if (page === null || page === 'cold') return false

    const id = requestIdOf(req)
    const logs = opts.logsRequests ? opts.log().child({ reqId: id }) : null
    logs?.info({ req: { method: req.method, url: req.url, headers: req.headers, host: req.headers.host, ip: req.socket.remoteAddress, socket: req.socket } }, 'incoming request')
    let body: Buffer | string = splicedAnswer(page.json, call.batch)
    const encoding = encodingFor(req, body)
    const extra: Record<string, string> = { 'x-request-id': id }
    if (encoding) {
      body = await compressWith[encoding](body, encoding === 'br' ? COMPRESSION.brotliOptions : COMPRESSION.zlibOptions)
      Object.assign(extra, { 'content-encoding': encoding, vary: 'accept-encoding' })
    }
    res.writeHead(200, { ...headers, ...extra, 'content-length': Buffer.byteLength(body) }).end(body)
    const seconds = (performance.now() - started) / 1000
    opts.metrics.httpRequest(TRPC_ROUTE, 'GET', 200, seconds)
    logs?.info({ res: { statusCode: 200 }, responseTime: seconds * 1000 }, 'request completed')
    return true
  }
}

/** `feed.home`'s input, alone or as a batch of one; null for anything else (Fastify answers it). */
function feedCallOf(url: string): { input: unknown; batch: boolean } | null {
  const query = url.indexOf('?')
  if ((query === -1 ? url : url.slice(0, query)) !== FEED_HOME) return null
  const params = new URLSearchParams(query === -1 ? '' : url.slice(query + 1))
  const batch = params.get('batch') === '1'
  const raw = params.get('input')
  try {
    const parsed: unknown = raw === null ? undefined : JSON.parse(raw)
    if (!batch) return { input: parsed, batch }
    return typeof parsed === 'object' && parsed !== null ? { input: Object.getOwnPropertyDescriptor(parsed, '0')?.value, batch } : null
  } catch {
    return null // Fastify answers the parse error
  }
}

function tokenOf(req: IncomingMessage): string | null {
  const credentials = credentialsFrom(req.headers.authorization, () => (req.headers.cookie ? fastifyCookie.parse(req.headers.cookie)[SESSION_COOKIE] : undefined))
  return credentials?.token ?? null
}

/** The encoding @fastify/compress would choose for this text answer, or null to send it as it is. */
function encodingFor(req: IncomingMessage, body: string): 'br' | 'gzip' | null {
  const accepted = req.headers['accept-encoding']
  if (accepted === undefined || req.headers['x-no-compression'] !== undefined || Buffer.byteLength(body) < COMPRESSION.threshold) return null
  const chosen = negotiate(accepted.toLowerCase().replace(/\*|x-gzip/g, 'gzip'), COMPRESSION.encodings)
  return chosen === 'br' || chosen === 'gzip' ? chosen : null
}

/** The headers the guards give every answer off /media: helmet's, as it sets them, and the Permissions-Policy. */
function guardHeaders(config: GuardOptions['config']): Record<string, string> {
  const res = new ServerResponse(new IncomingMessage(new Socket()))
  helmet(helmetOptions(config))(res.req, res, () => {})
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(res.getHeaders())) if (value !== undefined) headers[name] = String(value)
  return { ...headers, 'permissions-policy': PERMISSIONS_POLICY }
}
