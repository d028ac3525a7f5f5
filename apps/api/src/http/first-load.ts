// The feed's first load without a round trip: `/` asked for as HTML with a valid session cookie is
// answered with index.html carrying what the app asks first (who is signed in, the limits, the
// feed's first page) and the first photo (http/first-load.html.ts). The data comes through the
// router, as the viewer, with the context every other path builds from the request, so it is
// exactly what the viewer's own tRPC call would get (privacy, blocks, signed URLs). Without a
// cookie, with one that names no session, or when anything fails, the plain file is sent as before.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { createCaller } from '@mosaic/trpc'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE, type CreateContext } from './context.ts'
import { renderFirstLoad, type FirstLoad } from './first-load.html.ts'

/** The home feed's first page as the app asks for it (apps/web/src/features/feed/HomePage.tsx: PAGE). */
export const FEED_FIRST_PAGE = 10

/** The feed's mode as the app reads it from the address (`?mode=latest`; Top by default). */
const modeOf = (url: string): 'top' | 'latest' => (new URL(url, 'http://x').searchParams.get('mode') === 'latest' ? 'latest' : 'top')

/** The data for this request's viewer, or null for a visitor without a (valid) session. */
export async function firstLoadFor(req: FastifyRequest, reply: FastifyReply, createContext: CreateContext): Promise<FirstLoad | null> {
  // Only a browser's own session: a page is never rendered for a bearer token.
  if (!req.cookies[SESSION_COOKIE] || req.headers.authorization) return null
  const ctx = await createContext(req, reply)
  if (!ctx.viewer) return null
  const caller = createCaller(ctx)
  const input = { mode: modeOf(req.url), limit: FEED_FIRST_PAGE }
  const [me, limits, page] = await Promise.all([caller.auth.me(), caller.meta.limits(), caller.feed.home(input)])
  return me ? { me, limits, feed: { input, page } } : null
}

/** The handler for `/`: the viewer's page, private and never stored, or the plain index.html. */
export function createFirstLoadHandler(opts: { createContext: CreateContext; webDist: string }) {
  const indexFile = path.join(opts.webDist, 'index.html')
  return async function serveHome(req: FastifyRequest, reply: FastifyReply) {
    let data: FirstLoad | null = null
    try {
      data = await firstLoadFor(req, reply, opts.createContext)
    } catch (err) {
      // The app asks again itself and shows what goes wrong; the page must not fail for it.
      req.log.warn({ err }, 'first load: sending the plain page')
    }
    if (!data) return reply.sendFile('index.html')
    const html = renderFirstLoad(await readFile(indexFile, 'utf8'), data)
    // A personal page: never stored, and any cache in between keys on the cookie.
    return reply.header('cache-control', 'private, no-store').header('vary', 'cookie').type('text/html; charset=utf-8').send(html)
  }
}
