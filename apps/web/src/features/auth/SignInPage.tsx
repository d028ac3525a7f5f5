import { signInInput } from '@mosaic/validators'
import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { Button } from '../../components/Button.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { formErrorsFrom, validate } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { useFormErrors } from '../../lib/useFormErrors.ts'
import { AuthLayout } from './AuthLayout.tsx'
import { safeNext } from './session.ts'

const FIELDS = ['login', 'password'] as const
type Field = (typeof FIELDS)[number]

export function SignInPage() {
  const [values, setValues] = useState<Record<Field, string>>({ login: '', password: '' })
  const { formRef, errors, report, reset, clearField } = useFormErrors<Field>()
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const navigate = useNavigate()
  const utils = trpc.useUtils()

  const signIn = trpc.auth.signIn.useMutation({
    onSuccess: ({ user }) => {
      utils.auth.me.setData(undefined, user)
      void utils.auth.me.invalidate()
      void navigate(next ?? '/', { replace: true })
    },
    onError: (error) => report(formErrorsFrom(error, FIELDS)),
  })

  const field = (name: Field) => ({
    value: values[name],
    error: errors.fields[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }))
      clearField(name)
    },
  })

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
        <TextField
          label="Username or email"
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          {...field('login')}
        />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" {...field('password')} />
        <FormAlert message={errors.general} />
        <Button type="submit" pending={signIn.isPending} className="h-11 w-full">
          Sign in
        </Button>
      </form>
    </AuthLayout>
  )
}
