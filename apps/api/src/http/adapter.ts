import { appRouter, type AppRouter } from '@mosaic/trpc'
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { FastifyInstance } from 'fastify'
import type { CreateContext } from './context.ts'
import { logFailure, retryAfterOf } from './errors.ts'

/** tRPC's Fastify adapter: mutations, and the GET calls the fast path leaves to it. */
export async function registerAdapter(app: FastifyInstance, opts: { createContext: CreateContext }) {
  await app.register(async (scope) => {
    // The adapter sends a Fetch Response, whose status and headers Fastify applies only after the
    // onSend hooks; compression (a route's own onSend, run after this scope's) would replace it with
    // its stream first and the status would be lost (a 401 sent as 200). Unwrapped here, before it.
    scope.addHook('onSend', async (_req, reply, payload) => {
      if (!(payload instanceof Response)) return payload
      reply.code(payload.status)
      for (const [name, value] of payload.headers) reply.header(name, value)
      return payload.body ? Readable.fromWeb(payload.body as WebReadableStream) : ''
    })
    await registerPlugin(scope, opts)
  })
}

async function registerPlugin(app: FastifyInstance, opts: { createContext: CreateContext }) {
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: ({ req, res }) => opts.createContext(req, res),
      responseMeta({ errors }) {
        const retryAfter = errors.map(retryAfterOf).find(Boolean)
        return retryAfter ? { headers: { 'retry-after': String(retryAfter) } } : {}
      },
      onError({ error, path, req }) {
        logFailure(req, error, path)
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  })
}
