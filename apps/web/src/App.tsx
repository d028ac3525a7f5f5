import { QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { BrowserRouter, Route, Routes } from 'react-router'
import { Button } from './components/Button.tsx'
import { AppShell } from './components/layout/AppShell.tsx'
import { PageUnavailable } from './components/PageUnavailable.tsx'
import { Spinner } from './components/Spinner.tsx'
import { LogoMark } from './components/Wordmark.tsx'
import { GuestOnly, RequireAuth } from './features/auth/guards.tsx'
import { useSession } from './features/auth/session.ts'
import { SignInPage } from './features/auth/SignInPage.tsx'
import { SignUpPage } from './features/auth/SignUpPage.tsx'
import { ExplorePage } from './features/explore/ExplorePage.tsx'
import { HomePage } from './features/feed/HomePage.tsx'
import { NotificationsPage } from './features/notifications/NotificationsPage.tsx'
import { NewPostPage } from './features/posts/NewPostPage.tsx'
import { ProfilePage } from './features/users/ProfilePage.tsx'
import { SettingsPage } from './features/users/SettingsPage.tsx'
import { createQueryClient, createTrpcClient, trpc } from './lib/trpc.ts'

/** Every route depends on who is signed in, so nothing renders until the server has said. */
function SessionGate({ children }: { children: ReactNode }) {
  const { query } = useSession()
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
  return (
    <div className="flex min-h-dvh items-center justify-center" aria-busy="true">
      <LogoMark className="size-14 animate-pulse" />
      <Spinner className="sr-only" label="Loading Mosaic" />
    </div>
  )
}

function AppRoutes() {
  return (
    <Routes>
      <Route element={<GuestOnly />}>
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/signup" element={<SignUpPage />} />
      </Route>
      <Route element={<AppShell />}>
        <Route element={<RequireAuth />}>
          <Route index element={<HomePage />} />
          <Route path="/new" element={<NewPostPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/settings" element={<SettingsPage />} />
        </Route>
        <Route path="/explore" element={<ExplorePage />} />
        <Route path="/:username" element={<ProfilePage />} />
        <Route path="*" element={<PageUnavailable />} />
      </Route>
    </Routes>
  )
}

export function App() {
  const [queryClient] = useState(createQueryClient)
  const [trpcClient] = useState(createTrpcClient)
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionGate>
            <AppRoutes />
          </SessionGate>
        </BrowserRouter>
      </QueryClientProvider>
    </trpc.Provider>
  )
}
