import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router'
import { useSession } from '../../lib/session.ts'
import { safeNext } from './safeNext.ts'

/** Pages that need a session send signed-out visitors to sign in, and bring them back after. */
export function RequireAuth() {
  const { viewer } = useSession()
  const location = useLocation()
  if (!viewer) {
    const here = location.pathname + location.search
    const to = here === '/' ? '/signin' : `/signin?next=${encodeURIComponent(here)}`
    return <Navigate to={to} replace />
  }
  return <Outlet />
}

/** Sign-in and sign-up are for visitors; someone already signed in goes on to where they were headed. */
export function GuestOnly() {
  const { viewer } = useSession()
  const [params] = useSearchParams()
  if (viewer) return <Navigate to={safeNext(params.get('next')) ?? '/'} replace />
  return <Outlet />
}
