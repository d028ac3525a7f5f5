import { useState } from 'react'
import { Route, Routes, useLocation, type Location } from 'react-router'
import { PageUnavailable } from '../components/PageUnavailable.tsx'
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage.tsx'
import { GuestOnly, RequireAuth } from '../features/auth/guards.tsx'
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage.tsx'
import { SignInPage } from '../features/auth/SignInPage.tsx'
import { SignUpPage } from '../features/auth/SignUpPage.tsx'
import { AdminReportsPage } from '../features/admin/AdminReportsPage.tsx'
import { ExplorePage } from '../features/explore/ExplorePage.tsx'
import { HomePage } from '../features/feed/HomePage.tsx'
import { SuggestionsPage } from '../features/feed/SuggestionsPage.tsx'
import { FollowRequestsPage } from '../features/notifications/FollowRequestsPage.tsx'
import { NotificationsPage } from '../features/notifications/NotificationsPage.tsx'
import { NewPostPage } from '../features/posts/NewPostPage.tsx'
import { PlacePage } from '../features/places/PlacePage.tsx'
import { PostModal, PostPage } from '../features/posts/PostPage.tsx'
import { SearchPage } from '../features/search/SearchPage.tsx'
import { SettingsPage } from '../features/settings/SettingsPage.tsx'
import { TagPage } from '../features/tags/TagPage.tsx'
import { NewStoryPage } from '../features/stories/NewStoryPage.tsx'
import { ProfilePage } from '../features/users/ProfilePage.tsx'
import { AppShell } from './layout/AppShell.tsx'

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
        <Routes>
          <Route path="/p/:id" element={<PostModal />} />
        </Routes>
      ) : null}
    </>
  )
}
