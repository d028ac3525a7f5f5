import { useNavigate, useSearchParams } from 'react-router'
import type { UserSummary } from '../../lib/userTypes.ts'
import { trpc } from '../../lib/trpc.ts'
import { useFormFields } from '../../lib/useFormFields.ts'
import { safeNext } from './safeNext.ts'

/**
 * What the sign-in and sign-up forms share: field state wired to inline errors, and what happens
 * once the server says yes (the session is known at once, then the visitor goes where they were
 * headed).
 */
export function useAuthForm<F extends string>(initial: Record<F, string>) {
  const form = useFormFields<F>(initial)
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const navigate = useNavigate()
  const utils = trpc.useUtils()

  const signedIn = ({ user }: { user: UserSummary }) => {
    utils.auth.me.setData(undefined, user)
    void utils.auth.me.invalidate()
    void navigate(next ?? '/', { replace: true })
  }

  return { ...form, next, signedIn }
}
