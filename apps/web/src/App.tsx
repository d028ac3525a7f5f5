import { QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { BrowserRouter, Route, Routes, useLocation, type Location } from 'react-router'
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
import { FollowRequestsPage } from './features/notifications/FollowRequestsPage.tsx'
import { NotificationsPage } from './features/notifications/NotificationsPage.tsx'
import { NewPostPage } from './features/posts/NewPostPage.tsx'
import { PostModal, PostPage } from './features/posts/PostPage.tsx'
import { TagPage } from './features/tags/TagPage.tsx'
import { ProfilePage } from './features/users/ProfilePage.tsx'
import { SettingsPage } from './features/users/SettingsPage.tsx'
import { ToastProvider } from './lib/toast.tsx'
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

/**
 * A post opened from a grid carries the grid's location as `background`: the page underneath
 * keeps rendering that location while the post shows in a modal on top. The first location of
 * this page load never counts, so a reload or a pasted link shows the full post page instead.
 */
function useBackgroundLocation(): Location | undefined {
  const location = useLocation()
  const [firstKey] = useState(location.key)
  const background = (location.state as { background?: Location } | null)?.background
  return background && location.key !== firstKey ? background : undefined
}

function AppRoutes() {
  const location = useLocation()
  const background = useBackgroundLocation()
  return (
    <>
      <Routes location={background ?? location}>
        <Route element={<GuestOnly />}>
          <Route path="/signin" element={<SignInPage />} />
          <Route path="/signup" element={<SignUpPage />} />
        </Route>
        <Route element={<AppShell />}>
          <Route element={<RequireAuth />}>
            <Route index element={<HomePage />} />
            <Route path="/new" element={<NewPostPage />} />
            <Route path="/notifications" element={<NotificationsPage />} />
            <Route path="/notifications/requests" element={<FollowRequestsPage />} />
            <Route path="/settings" element={<SettingsPage />} />
          </Route>
          <Route path="/explore" element={<ExplorePage />} />
          <Route path="/p/:id" element={<PostPage />} />
          <Route path="/t/:tag" element={<TagPage />} />
          {/* Reserved: /p and /t are never usernames (the server reserves them too). */}
          <Route path="/p" element={<PageUnavailable />} />
          <Route path="/t" element={<PageUnavailable />} />
          <Route path="/:username" element={<ProfilePage />} />
          <Route path="*" element={<PageUnavailable />} />
        </Route>
      </Routes>
      {background ? (
        <Routes>
          <Route path="/p/:id" element={<PostModal />} />
        </Routes>
      ) : null}
    </>
  )
}

export function App() {
  const [queryClient] = useState(createQueryClient)
  const [trpcClient] = useState(createTrpcClient)
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
