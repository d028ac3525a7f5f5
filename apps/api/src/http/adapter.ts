import { appRouter, type AppRouter } from '@mosaic/trpc'
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify'
import type { FastifyInstance } from 'fastify'
import type { CreateContext } from './context.ts'
import { logFailure, retryAfterOf } from './errors.ts'

/** tRPC's Fastify adapter: mutations, and the GET calls the fast path leaves to it. */
export async function registerAdapter(app: FastifyInstance, opts: { createContext: CreateContext }) {
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
