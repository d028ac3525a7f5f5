import { signInInput } from '@mosaic/validators'
import type { FormEvent } from 'react'
import { Link, useLocation } from 'react-router'
import { Button } from '../../components/Button.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { formErrorsFrom, validate } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { AuthLayout } from './AuthLayout.tsx'
import { useAuthForm } from './useAuthForm.ts'

const FIELDS = ['login', 'password'] as const
type Field = (typeof FIELDS)[number]

export function SignInPage() {
  const { formRef, errors, report, reset, values, field, next, signedIn } = useAuthForm<Field>({ login: '', password: '' })
  const signIn = trpc.auth.signIn.useMutation({ onSuccess: signedIn, onError: (error) => report(formErrorsFrom(error, FIELDS)) })
  // Said once by the page that sent the person here (a deleted account).
  const notice = (useLocation().state as { notice?: string } | null)?.notice

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(signInInput, values, FIELDS)
    if (!checked.ok) return report(checked.errors)
    reset()
    signIn.mutate(checked.data)
  }

  return (
    <AuthLayout
      title="Sign in"
      tagline="Welcome back. Sign in to see photos from the people you follow."
      footer={
        <>
          Don't have an account?{' '}
          <Link to={next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'} className="font-semibold text-accent-600 hover:underline">
            Sign up
          </Link>
        </>
      }
    >
      <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        {notice ? (
          <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-800">
            {notice}
          </p>
        ) : null}
        <TextField
          label="Username or email"
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          {...field('login')}
        />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" {...field('password')} />
        <p className="-mt-2 text-right text-sm">
          <Link to="/forgot-password" className="font-medium text-accent-600 hover:underline">
            Forgot password?
          </Link>
        </p>
        <FormAlert message={errors.general} />
        <Button type="submit" pending={signIn.isPending} className="h-11 w-full">
          Sign in
        </Button>
      </form>
    </AuthLayout>
  )
}
