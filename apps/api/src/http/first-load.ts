// The feed's first load without a round trip: `/` asked for as HTML with a valid session cookie is
// answered with index.html carrying what the app asks first (who is signed in, the limits, the
// feed's first page) and the first photo (http/first-load.html.ts). The data comes through the
// router, as the viewer, with the context every other path builds from the request, so it is
// exactly what the viewer's own tRPC call would get (privacy, blocks, signed URLs). The head and
// the frame are sent at once, so they paint while the data is read; the rest follows. Without a
// cookie, with one that names no session, or when the session cannot be read, the plain file is
// sent as before.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { PassThrough, type Transform } from 'node:stream'
import { constants as zlib, createBrotliCompress, createGzip } from 'node:zlib'
import { createCaller, type Context } from '@mosaic/trpc'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE, type CreateContext } from './context.ts'
import { renderRest, splitShell, type FirstLoad } from './first-load.html.ts'

/** The home feed's first page as the app asks for it (apps/web/src/features/feed/HomePage.tsx: PAGE). */
export const FEED_FIRST_PAGE = 10

/** The feed's mode as the app reads it from the address (`?mode=latest`; Top by default). */
const modeOf = (url: string): 'top' | 'latest' => (new URL(url, 'http://x').searchParams.get('mode') === 'latest' ? 'latest' : 'top')

/** The viewer's context, or null for a visitor without a (valid) session. Only a browser's own session: never a bearer token. */
async function viewerContext(req: FastifyRequest, reply: FastifyReply, createContext: CreateContext): Promise<Context | null> {
  if (!req.cookies[SESSION_COOKIE] || req.headers.authorization) return null
  const ctx = await createContext(req, reply)
  return ctx.viewer ? ctx : null
}

/** What the app asks first, through the router as this viewer. */
export async function firstLoadFor(ctx: Context, url: string): Promise<FirstLoad | null> {
  const caller = createCaller(ctx)
  const input = { mode: modeOf(url), limit: FEED_FIRST_PAGE }
  const [me, limits, page] = await Promise.all([caller.auth.me(), caller.meta.limits(), caller.feed.home(input)])
  return me ? { me, limits, feed: { input, page } } : null
}

/** The encoder for a streamed answer, as the browser accepts (brotli, else gzip, else none). */
function encoderFor(req: FastifyRequest): { encoding: 'br' | 'gzip' | null; stream: Transform } {
  const accepted = new Set(
    String(req.headers['accept-encoding'] ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !/^\s*q=0(\.0*)?\s*$/.test(q ?? ''))
      .map(([name]) => name!.toLowerCase()),
  )
  if (accepted.has('br')) return { encoding: 'br', stream: createBrotliCompress({ params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }) }
  if (accepted.has('gzip')) return { encoding: 'gzip', stream: createGzip({ level: 6 }) }
  return { encoding: null, stream: new PassThrough() }
}

/** The handler for `/`: the viewer's page, private and never stored, or the plain index.html. */
export function createFirstLoadHandler(opts: { createContext: CreateContext; webDist: string }) {
  const indexFile = path.join(opts.webDist, 'index.html')
  return async function serveHome(req: FastifyRequest, reply: FastifyReply) {
    let ctx: Context | null = null
    try {
      ctx = await viewerContext(req, reply, opts.createContext)
    } catch (err) {
      // The app asks again itself and shows what goes wrong; the page must not fail for it.
      req.log.warn({ err }, 'first load: sending the plain page')
    }
    const shell = ctx ? splitShell(await readFile(indexFile, 'utf8')) : null
    if (!ctx || !shell) return reply.sendFile('index.html')
    const data = firstLoadFor(ctx, req.url).catch((err: unknown) => {
      req.log.warn({ err }, 'first load: the page goes without its data')
      return null
    })
    // Compressed here, not by @fastify/compress (which leaves an encoded answer alone): the head
    // must be flushed through the encoder before the data is there.
    const { encoding, stream } = encoderFor(req)
    stream.write(shell.head)
    if ('flush' in stream && typeof stream.flush === 'function') stream.flush()
    void data.then((d) => stream.end(renderRest(shell.rest, d)))
    // A personal page: never stored, and any cache in between keys on the cookie.
    reply.header('cache-control', 'private, no-store').header('vary', 'cookie, accept-encoding').type('text/html; charset=utf-8')
    if (encoding) reply.header('content-encoding', encoding)
    return reply.send(stream)
  }
}
