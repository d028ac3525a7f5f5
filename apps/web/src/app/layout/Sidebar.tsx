import { Flag, LogOut, Settings } from 'lucide-react'
import { Link, NavLink } from 'react-router'
import { useSession } from '../../lib/session.ts'
import { useSignOut } from '../../features/auth/useSignOut.ts'
import { SearchBox } from '../../features/search/SearchBox.tsx'
import { buttonClass } from '../../components/Button.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { Wordmark } from '../../components/Wordmark.tsx'
import { NavBadge } from './NavBadge.tsx'
import { navItemsFor } from './navItems.tsx'

const itemClass = (active: boolean) =>
  `group flex h-12 w-full items-center gap-4 rounded-xl px-3 text-[0.9375rem] transition-colors hover:bg-neutral-100 ${
    active ? 'bg-neutral-100 font-semibold text-neutral-900' : 'text-neutral-700'
  }`

/** Desktop navigation: a fixed column on the left with the wordmark, destinations and account actions. */
export function Sidebar({ unread }: { unread: number }) {
  const { viewer } = useSession()
  const { signOut, isPending } = useSignOut()

  return (
    <aside className="fixed inset-y-0 left-0 z-30 hidden w-[220px] flex-col border-r border-neutral-200 bg-white px-3 pt-7 pb-5 md:flex xl:w-[244px]">
      <Link to="/" className="mb-6 self-start rounded-lg px-3 py-1" aria-label="Mosaic home">
        <Wordmark />
      </Link>
      <SearchBox placement="sidebar" className="mb-4 px-1" />
      <nav aria-label="Main" className="flex-1">
        <ul className="space-y-1">
          {navItemsFor(viewer, unread).map((item) => (
            <li key={item.to}>
              <NavLink
                to={item.to}
                end={item.end ?? false}
                className={({ isActive }) => itemClass(isActive)}
              >
                {({ isActive }) => (
                  <>
                    <NavBadge count={item.badge}>{item.icon(isActive)}</NavBadge>
                    <span>{item.label}</span>
                    {/* With a count, the name carries it ("Notifications, 3 unread"): the badge itself is decoration. */}
                    {item.badge ? <span className="sr-only">, {item.badge} unread</span> : null}
                  </>
                )}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {viewer ? (
        <ul className="space-y-1 border-t border-neutral-200 pt-3">
          <li>
            <NavLink to="/settings" className={({ isActive }) => itemClass(isActive)}>
              <Settings className="size-6 shrink-0" strokeWidth={1.8} aria-hidden="true" />
              <span>Settings</span>
            </NavLink>
          </li>
          {viewer.isAdmin ? (
            <li>
              <NavLink to="/admin/reports" className={({ isActive }) => itemClass(isActive)}>
                <Flag className="size-6 shrink-0" strokeWidth={1.8} aria-hidden="true" />
                <span>Reports</span>
              </NavLink>
            </li>
          ) : null}
          <li>
            <button type="button" onClick={signOut} disabled={isPending} className={itemClass(false)}>
              {isPending ? <Spinner className="size-6" /> : <LogOut className="size-6 shrink-0" strokeWidth={1.8} aria-hidden="true" />}
              <span>Sign out</span>
            </button>
          </li>
        </ul>
      ) : (
        <div className="space-y-2 px-1">
          <p className="px-2 pb-1 text-sm text-neutral-500">Sign in to follow people and share your photos.</p>
          <Link to="/signin" className={buttonClass('primary', 'w-full')}>
            Sign in
          </Link>
          <Link to="/signup" className={buttonClass('secondary', 'w-full')}>
            Sign up
          </Link>
        </div>
      )}
    </aside>
  )
}
