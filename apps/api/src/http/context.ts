import { createContextInner, toTRPCError, type ApiDeps, type Context, type Credentials } from '@mosaic/trpc'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'

export const SESSION_COOKIE = 'mosaic_session'

/** Builds a procedure's context from an HTTP request: the one way every path into the router does it. */
export type CreateContext = (req: FastifyRequest, reply: FastifyReply) => Promise<Context>

/** A bearer token when one is sent (apps, scripts), else the session cookie (the browser). */
export function credentialsOf(req: FastifyRequest): Credentials {
  return credentialsFrom(req.headers.authorization, () => req.cookies[SESSION_COOKIE])
}

/** The same from the Authorization header and the session cookie (read only when no bearer is sent). */
export function credentialsFrom(authorization: string | undefined, cookie: () => string | undefined): Credentials {
  if (authorization?.toLowerCase().startsWith('bearer ')) return { token: authorization.slice(7).trim(), source: 'bearer' }
  const token = cookie()
  return token ? { token, source: 'cookie' } : null
}

export function contextFactory(opts: { config: Pick<Config, 'COOKIE_SECURE'>; deps: ApiDeps }): CreateContext {
  const { config, deps } = opts
  return async (req, reply) => {
    // Secure when configured, or when this request arrived over HTTPS (req.protocol follows
    // X-Forwarded-Proto only with TRUST_PROXY, so a forged header cannot turn it on or off).
    const secure = config.COOKIE_SECURE || req.protocol === 'https'
    try {
      return await createContextInner({
        deps,
        credentials: credentialsOf(req),
        meta: { ip: req.ip, userAgent: req.headers['user-agent'] },
        cookie: {
          set: (token, expiresAt) => reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt }),
          clear: () => reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' }),
        },
      })
    } catch (err) {
      // The session lookup failed (Postgres down): answer as any procedure would (503, not 500).
      throw toTRPCError(err)
    }
  }
}
