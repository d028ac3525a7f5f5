import { Suspense } from 'react'
import { Outlet } from 'react-router'
import { Spinner } from '../../components/Spinner.tsx'
import { useUnreadCount } from '../../features/notifications/unread.ts'
import { BottomTabs, MobileTopBar } from './MobileBars.tsx'
import { Sidebar } from './Sidebar.tsx'

/** The frame every in-app page sits in: sidebar on desktop, top and bottom bars on phones. */
export function AppShell() {
  // The one place that polls; the badge in both navigations updates without a reload.
  const unread = useUnreadCount({ poll: true })
  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-4 py-2 font-medium shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>
      <Sidebar unread={unread} />
      <MobileTopBar />
      <main id="main" className="pb-[calc(3.5rem+env(safe-area-inset-bottom))] md:pb-0 md:pl-[220px] xl:pl-[244px]">
        <div className="mx-auto w-full max-w-[935px] px-4 py-6 md:px-8 md:py-10">
          {/* Pages other than the first are fetched on first visit (routes.tsx): the frame stays meanwhile. */}
          <Suspense fallback={<Spinner className="mx-auto mt-16 block size-6 text-neutral-400" label="Loading page" />}>
            <Outlet />
          </Suspense>
        </div>
      </main>
      <BottomTabs unread={unread} />
    </div>
  )
}
