import { QueryClient } from '@tanstack/react-query'
import { httpBatchLink, httpLink, isNonJsonSerializable, splitLink, TRPCClientError } from '@trpc/client'
import { createTRPCReact } from '@trpc/react-query'
import type { AppRouter } from '@mosaic/trpc'

export const trpc = createTRPCReact<AppRouter>()

/** 4xx answers (not found, private, signed out, bad input) will not change on a retry. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof TRPCClientError) {
    const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus
    if (status !== undefined && status < 500) return false
  }
  return failureCount < 2
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  })
}

export function createTrpcClient() {
  return trpc.createClient({
    links: [
      // Uploads send FormData, which cannot be batched into one JSON body. The home feed goes on
      // its own too: the server answers a warm page alone as spliced text, past the router.
      splitLink({
        condition: (op) => isNonJsonSerializable(op.input) || op.path === 'feed.home',
        true: httpLink({ url: '/trpc' }),
        // The server refuses batches over TRPC_MAX_BATCH (default 20): stay well under it.
        false: httpBatchLink({ url: '/trpc', maxItems: 10 }),
      }),
    ],
  })
}
