import { Flag, LogOut, Menu, Settings } from 'lucide-react'
import { useEffect, useId, useRef, useState } from 'react'
import { Link, NavLink, useLocation } from 'react-router'
import { useSession } from '../../lib/session.ts'
import { useSignOut } from '../../features/auth/useSignOut.ts'
import { buttonClass } from '../../components/Button.tsx'
import { Wordmark } from '../../components/Wordmark.tsx'
import { NavBadge } from './NavBadge.tsx'
import { navItemName, navItemsFor } from './navItems.tsx'

/** Settings and sign out on phones, behind one button in the top bar. */
function MoreMenu() {
  const [open, setOpen] = useState(false)
  const { signOut, isPending } = useSignOut()
  const { viewer } = useSession()
  const rootRef = useRef<HTMLDivElement>(null)
  const menuId = useId()
  const location = useLocation()

  useEffect(() => setOpen(false), [location.pathname])
  useEffect(() => {
    if (!open) return
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  const item = 'flex h-11 w-full items-center gap-3 px-4 text-sm text-neutral-800 hover:bg-neutral-100'
  return (
    <div ref={rootRef} className="relative">
      <button
        type="button"
        aria-label="More"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex size-10 items-center justify-center rounded-full text-neutral-800 hover:bg-neutral-100"
      >
        <Menu className="size-6" aria-hidden="true" />
      </button>
      {open ? (
        <ul id={menuId} className="absolute right-0 top-11 z-50 w-52 overflow-hidden rounded-xl border border-neutral-200 bg-white py-1 shadow-lg">
          <li>
            <Link to="/settings" className={item}>
              <Settings className="size-5" aria-hidden="true" /> Settings
            </Link>
          </li>
          {viewer?.isAdmin ? (
            <li>
              <Link to="/admin/reports" className={item}>
                <Flag className="size-5" aria-hidden="true" /> Reports
              </Link>
            </li>
          ) : null}
          <li>
            <button type="button" onClick={signOut} disabled={isPending} className={item}>
              <LogOut className="size-5" aria-hidden="true" /> Sign out
            </button>
          </li>
        </ul>
      ) : null}
    </div>
  )
}

export function MobileTopBar() {
  const { viewer } = useSession()
  return (
    <header className="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-neutral-200 bg-white/95 px-4 backdrop-blur md:hidden">
      <Link to="/" aria-label="Mosaic home" className="rounded-lg">
        <Wordmark size="sm" />
      </Link>
      {viewer ? (
        <MoreMenu />
      ) : (
        <div className="flex items-center gap-1">
          <Link to="/signin" className={buttonClass('primary', 'h-8 px-3')}>
            Sign in
          </Link>
          <Link to="/signup" className={buttonClass('ghost', 'h-8 px-3 text-accent-600')}>
            Sign up
          </Link>
        </div>
      )}
    </header>
  )
}

export function BottomTabs({ unread }: { unread: number }) {
  const { viewer } = useSession()
  if (!viewer) return null
  return (
    <nav
      aria-label="Main"
      className="fixed inset-x-0 bottom-0 z-30 border-t border-neutral-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur md:hidden"
    >
      <ul className="flex h-14 items-stretch justify-around">
        {navItemsFor(viewer, unread).map((item) => (
          <li key={item.to} className="flex flex-1">
            <NavLink
              to={item.to}
              end={item.end ?? false}
              aria-label={navItemName(item)}
              className="flex flex-1 items-center justify-center text-neutral-800"
            >
              {({ isActive }) => (
                <NavBadge count={item.badge}>{item.icon(isActive)}</NavBadge>
              )}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
