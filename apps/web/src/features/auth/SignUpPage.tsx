import { signUpInput } from '@mosaic/validators'
import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { Button } from '../../components/Button.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { formErrorsFrom, validate } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { useFormErrors } from '../../lib/useFormErrors.ts'
import { AuthLayout } from './AuthLayout.tsx'
import { safeNext } from './session.ts'

const FIELDS = ['username', 'email', 'password', 'displayName'] as const
type Field = (typeof FIELDS)[number]

export function SignUpPage() {
  const [values, setValues] = useState<Record<Field, string>>({ username: '', email: '', password: '', displayName: '' })
  const { formRef, errors, report, reset, clearField } = useFormErrors<Field>()
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const navigate = useNavigate()
  const utils = trpc.useUtils()

  const signUp = trpc.auth.signUp.useMutation({
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
    const input = { ...values, displayName: values.displayName.trim() === '' ? undefined : values.displayName }
    const checked = validate(signUpInput, input, FIELDS)
    if (!checked.ok) return report(checked.errors)
    reset()
    signUp.mutate(checked.data)
  }

  return (
    <AuthLayout
      title="Sign up"
      tagline="Sign up to share photos with the people you follow."
      footer={
        <>
          Have an account?{' '}
          <Link to={next ? `/signin?next=${encodeURIComponent(next)}` : '/signin'} className="font-semibold text-accent-600 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        <TextField label="Username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} {...field('username')} />
        <TextField label="Email" name="email" type="email" autoComplete="email" inputMode="email" {...field('email')} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          {...field('password')}
        />
        <TextField label="Display name (optional)" name="displayName" autoComplete="name" {...field('displayName')} />
        <FormAlert message={errors.general} />
        <Button type="submit" pending={signUp.isPending} className="h-11 w-full">
          Sign up
        </Button>
      </form>
    </AuthLayout>
  )
}
