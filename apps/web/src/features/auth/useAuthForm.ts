import { useState } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import type { UserSummary } from '../../lib/userTypes.ts'
import { trpc } from '../../lib/trpc.ts'
import { useFormErrors } from '../../lib/useFormErrors.ts'
import { safeNext } from './safeNext.ts'

/**
 * What the sign-in and sign-up forms share: field state wired to inline errors, and what happens
 * once the server says yes (the session is known at once, then the visitor goes where they were
 * headed).
 */
export function useAuthForm<F extends string>(initial: Record<F, string>) {
  const [values, setValues] = useState(initial)
  const form = useFormErrors<F>()
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const navigate = useNavigate()
  const utils = trpc.useUtils()

  const field = (name: F) => ({
    value: values[name],
    error: form.errors.fields[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }))
      form.clearField(name)
    },
  })

  const signedIn = ({ user }: { user: UserSummary }) => {
    utils.auth.me.setData(undefined, user)
    void utils.auth.me.invalidate()
    void navigate(next ?? '/', { replace: true })
  }

  return { ...form, values, field, next, signedIn }
}
