// The shell: providers, the session gate, the routes (routes.tsx) and the frame every page sits in
// (layout/). Imports point one way: app/ → features/ → components/, lib/.
// - Nothing outside app/ imports it (lint: apps/web/src/features/** and components/, lib/ may
//   not import app/).
// - components/ and lib/ import no feature: what two features share lives there.
// - A feature imports another only when that one never imports it back. Today `posts` is
//   imported by other features (its grid, media and card parts, for users, tags, feed, search,
//   explore and places) and imports no feature; `search` (its field) is imported by explore and
//   imports only posts. Lint enforces the layers in eslint.config.js (webFeatureLayers).
import { QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { BrowserRouter } from 'react-router'
import { Button } from '../components/Button.tsx'
import { LogoMark } from '../components/Wordmark.tsx'
import { usePrefetchHomeFeed } from '../features/feed/HomePage.tsx'
import { seedFirstLoad } from '../lib/firstLoad.ts'
import { useLimitsQuery } from '../lib/limits.ts'
import { useSession } from '../lib/session.ts'
import { ToastProvider } from '../lib/toast.tsx'
import { createQueryClient, createTrpcClient, trpc } from '../lib/trpc.ts'
import { FrameSkeleton } from './layout/FrameSkeleton.tsx'
import { AppRoutes } from './routes.tsx'

/** Every route depends on who is signed in, so nothing renders until the server has said. */
function SessionGate({ children }: { children: ReactNode }) {
  const { query } = useSession()
  // Asked in the same batch as the session, so forms and counters have the server's limits at hand.
  useLimitsQuery()
  usePrefetchHomeFeed()
  if (query.data !== undefined) return children
  if (query.isError) {
    return (
      <div className="flex min-h-dvh flex-col items-center justify-center gap-4 px-6 text-center">
        <LogoMark className="size-12" />
        <h1 className="text-xl font-semibold">Can't reach Mosaic</h1>
        <p className="max-w-sm text-sm text-neutral-600">The server isn't answering right now. Check your connection and try again.</p>
        <Button onClick={() => void query.refetch()} pending={query.isFetching}>
          Try again
        </Button>
      </div>
    )
  }
  return <FrameSkeleton label="Loading Mosaic" />
}

export function App() {
  const [trpcClient] = useState(createTrpcClient)
  // A signed-in first load of the feed carries its data in the page: no round trip before it renders.
  const [queryClient] = useState(() => seedFirstLoad(createQueryClient(), trpcClient))
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <BrowserRouter>
            <SessionGate>
              <AppRoutes />
            </SessionGate>
          </BrowserRouter>
        </ToastProvider>
      </QueryClientProvider>
    </trpc.Provider>
  )
}
