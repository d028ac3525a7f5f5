import { signUpInput } from '@mosaic/validators'
import type { FormEvent } from 'react'
import { Link } from 'react-router'
import { Button } from '../../components/Button.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { formErrorsFrom, validate } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { AuthLayout } from './AuthLayout.tsx'
import { useAuthForm } from './useAuthForm.ts'

const FIELDS = ['username', 'email', 'password', 'displayName'] as const
type Field = (typeof FIELDS)[number]

export function SignUpPage() {
  const { formRef, errors, report, reset, values, field, next, signedIn } = useAuthForm<Field>({ username: '', email: '', password: '', displayName: '' })
  const signUp = trpc.auth.signUp.useMutation({ onSuccess: signedIn, onError: (error) => report(formErrorsFrom(error, FIELDS)) })

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
