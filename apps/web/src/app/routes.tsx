import { lazy, Suspense, useState } from 'react'
import { Route, Routes, useLocation, type Location } from 'react-router'
import { PageUnavailable } from '../components/PageUnavailable.tsx'
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage.tsx'
import { GuestOnly, RequireAuth } from '../features/auth/guards.tsx'
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage.tsx'
import { SignInPage } from '../features/auth/SignInPage.tsx'
import { SignUpPage } from '../features/auth/SignUpPage.tsx'
import { HomePage } from '../features/feed/HomePage.tsx'
import { AppShell } from './layout/AppShell.tsx'

// The pages a visit starts on (the feed, sign in, sign up) come with the app; every other page is
// its own chunk, fetched when first opened (AppShell shows a spinner meanwhile), so the first load
// carries only what the first page needs.
const AdminReportsPage = lazy(() => import('../features/admin/AdminReportsPage.tsx').then((m) => ({ default: m.AdminReportsPage })))
const ExplorePage = lazy(() => import('../features/explore/ExplorePage.tsx').then((m) => ({ default: m.ExplorePage })))
const SuggestionsPage = lazy(() => import('../features/feed/SuggestionsPage.tsx').then((m) => ({ default: m.SuggestionsPage })))
const FollowRequestsPage = lazy(() => import('../features/notifications/FollowRequestsPage.tsx').then((m) => ({ default: m.FollowRequestsPage })))
const NotificationsPage = lazy(() => import('../features/notifications/NotificationsPage.tsx').then((m) => ({ default: m.NotificationsPage })))
const NewPostPage = lazy(() => import('../features/posts/NewPostPage.tsx').then((m) => ({ default: m.NewPostPage })))
const PlacePage = lazy(() => import('../features/places/PlacePage.tsx').then((m) => ({ default: m.PlacePage })))
const PostPage = lazy(() => import('../features/posts/PostPage.tsx').then((m) => ({ default: m.PostPage })))
const PostModal = lazy(() => import('../features/posts/PostPage.tsx').then((m) => ({ default: m.PostModal })))
const SearchPage = lazy(() => import('../features/search/SearchPage.tsx').then((m) => ({ default: m.SearchPage })))
const SettingsPage = lazy(() => import('../features/settings/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })))
const TagPage = lazy(() => import('../features/tags/TagPage.tsx').then((m) => ({ default: m.TagPage })))
const NewStoryPage = lazy(() => import('../features/stories/NewStoryPage.tsx').then((m) => ({ default: m.NewStoryPage })))
const ProfilePage = lazy(() => import('../features/users/ProfilePage.tsx').then((m) => ({ default: m.ProfilePage })))

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

export function AppRoutes() {
  const location = useLocation()
  const background = useBackgroundLocation()
  return (
    <>
      <Routes location={background ?? location}>
        <Route element={<GuestOnly />}>
          <Route path="/signin" element={<SignInPage />} />
          <Route path="/signup" element={<SignUpPage />} />
        </Route>
        {/* Open whether signed in or not: a reset link may be opened in a browser that is still signed in. */}
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route element={<AppShell />}>
          <Route element={<RequireAuth />}>
            <Route index element={<HomePage />} />
            <Route path="/new" element={<NewPostPage />} />
            <Route path="/new/story" element={<NewStoryPage />} />
            <Route path="/notifications" element={<NotificationsPage />} />
            <Route path="/notifications/requests" element={<FollowRequestsPage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="/settings/:section" element={<SettingsPage />} />
            <Route path="/explore/people" element={<SuggestionsPage />} />
            <Route path="/admin/reports" element={<AdminReportsPage />} />
          </Route>
          <Route path="/explore" element={<ExplorePage />} />
          {/* Under /explore and /search, which are reserved usernames, so no profile can shadow them. */}
          <Route path="/explore/place" element={<PlacePage />} />
          <Route path="/search" element={<SearchPage />} />
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
        <Suspense fallback={null}>
          <Routes>
            <Route path="/p/:id" element={<PostModal />} />
          </Routes>
        </Suspense>
      ) : null}
    </>
  )
}
