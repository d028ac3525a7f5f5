// Request-level guards that apply to every route: security headers, the Origin check on changes
// (CSRF) and the batch cap. They run as onRequest hooks registered before any route's own hooks
// (the GET fast path answers from an onRequest hook), so nothing is read, parsed or run first.
import helmet from '@fastify/helmet'
import { errorResponse } from '@mosaic/trpc'
import { TRPCError } from '@trpc/server'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'

export type GuardOptions = {
  config: Pick<Config, 'PUBLIC_URL' | 'TRPC_MAX_BATCH' | 'MEDIA_PUBLIC_BASE_URL' | 's3'>
  sessionCookie: string
}

/**
 * sha256 hashes (`'sha256-…'`) of the inline scripts the web app's index.html carries: the theme
 * script that must run before first paint (apps/web/index.html, lib/theme.ts). Change one, change
 * its hash here (`echo -n '<script body>' | openssl dgst -sha256 -binary | base64`); a test reads
 * the built index.html and fails on a script whose hash is missing.
 */
export const INLINE_SCRIPT_HASHES: string[] = ['sha256-zU1NtDm+6fCbROqgHJteZpKQR+RP/3f7XeFPLS0h7cc=']

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Helmet has no Permissions-Policy. The app uses none of these powerful features but geolocation,
 * on its own origin only: the New-post form offers the browser's location (when the person asks).
 */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(self), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()'

/** Helmet's headers as every answer carries them (the warm feed page sets the same: warm-feed.ts). */
export function helmetOptions(config: GuardOptions['config']) {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(config) },
    // /media may be embedded from a CDN's origin (see below); everything else stays on this site.
    crossOriginResourcePolicy: { policy: 'same-site' as const },
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'same-origin' as const },
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  }
}

export async function registerGuards(app: FastifyInstance, opts: GuardOptions) {
  const { config } = opts
  await app.register(helmet, helmetOptions(config))

  app.addHook('onRequest', async (req, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY)
    if (req.url.startsWith('/media/')) reply.header('cross-origin-resource-policy', 'cross-origin')

    const paths = trpcPaths(req.url)
    if (paths && paths.length > config.TRPC_MAX_BATCH) {
      // One error for the whole batch (the client spreads a non-array answer over every call), so an
      // oversize batch costs one small answer, not one per call.
      const error = new TRPCError({ code: 'BAD_REQUEST', message: `A batch may hold at most ${config.TRPC_MAX_BATCH} calls; this one has ${paths.length}` })
      return refuse(req, reply, error, paths, false)
    }

    if (SAFE_METHODS.has(req.method)) return
    const refusal = crossSiteRefusal(req, opts)
    if (refusal) return refuse(req, reply, new TRPCError({ code: 'FORBIDDEN', message: refusal }), paths ?? [req.url.split('?')[0]!], true)
  })
}

/**
 * Why a request that changes something must be refused as cross-site, or null to let it through.
 *
 * - A bearer token is never sent by a browser on its own: exempt.
 * - With an Origin, it must be our public origin (PUBLIC_URL, else the request's own scheme and
 *   host, taken from X-Forwarded-* only when TRUST_PROXY is on). This holds with or without a
 *   session cookie, so another site cannot sign a browser in or up as someone else (login CSRF).
 * - Without an Origin, a Sec-Fetch-Site must say same-origin (or none: typed by the user).
 * - With neither, a request carrying the session cookie is refused (browsers send Origin on every
 *   POST); one without it is a script or an app without a session, which CSRF cannot borrow.
 */
function crossSiteRefusal(req: FastifyRequest, opts: GuardOptions): string | null {
  if (/^bearer /i.test(req.headers.authorization ?? '')) return null
  const origin = req.headers.origin
  if (origin !== undefined) {
    return origin === expectedOrigin(req, opts.config.PUBLIC_URL) ? null : 'This request came from another site'
  }
  const site = req.headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? null : 'This request came from another site'
  return req.cookies[opts.sessionCookie] ? 'This request did not say where it came from' : null
}

function expectedOrigin(req: FastifyRequest, publicUrl: string | undefined): string | null {
  try {
    return new URL(publicUrl ?? `${req.protocol}://${req.host}`).origin
  } catch {
    return null
  }
}

/** The procedure paths of a /trpc request (`/trpc/a,b?batch=1` → `['a', 'b']`), or null for other routes. */
function trpcPaths(url: string): string[] | null {
  if (!url.startsWith('/trpc/')) return null
  const pathname = url.slice('/trpc/'.length).split('?')[0]!
  let decoded = pathname
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    // left as sent: the router answers NOT_FOUND
  }
  return decoded.split(',')
}

function refuse(req: FastifyRequest, reply: FastifyReply, error: TRPCError, paths: string[], perCall: boolean) {
  const type = req.method === 'GET' ? 'query' : 'mutation'
  const answers = paths.map((path) => errorResponse(error, { type, path, input: undefined, ctx: undefined }))
  const batch = perCall && new URL(req.url, 'http://x').searchParams.get('batch') === '1'
  // The body is left unread: do not let the client go on sending it on this connection.
  if (!SAFE_METHODS.has(req.method)) reply.header('connection', 'close')
  return reply
    .code(answers[0]!.status)
    .header('content-type', 'application/json')
    .send(JSON.stringify(batch ? answers.map((a) => a.body) : answers[0]!.body))
}

/** The Content-Security-Policy: our own scripts, styles and API only; media also from the CDN and S3. */
export function cspDirectives(config: GuardOptions['config']): Record<string, string[]> {
  // S3 is addressed path-style (packages/storage), so presigned URLs live on the endpoint's origin.
  const mediaOrigins = [...new Set([config.MEDIA_PUBLIC_BASE_URL, config.s3?.endpoint].filter((u): u is string => !!u).map((u) => new URL(u).origin))]
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...INLINE_SCRIPT_HASHES.map((h) => `'${h}'`)],
    // Styles come from the built CSS; React sets style props through the CSSOM, which CSP allows.
    'style-src': ["'self'"],
    // data: for thumbhash placeholders and the favicon, blob: for upload previews before sending.
    'img-src': ["'self'", 'data:', 'blob:', ...mediaOrigins],
    'media-src': ["'self'", 'blob:', ...mediaOrigins],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'manifest-src': ["'self'"],
    'worker-src': ["'self'"],
  }
}
