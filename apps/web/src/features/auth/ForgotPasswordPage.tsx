import { requestPasswordResetInput } from '@mosaic/validators'
import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { Button } from '../../components/Button.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { formErrorsFrom, validate } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { useFormErrors } from '../../lib/useFormErrors.ts'
import { AuthLayout } from './AuthLayout.tsx'

const FIELDS = ['email'] as const

/** /forgot-password: mails a reset link. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('')
  const [sentTo, setSentTo] = useState<string | null>(null)
  const { formRef, errors, report, reset, clearField } = useFormErrors<'email'>()
  const request = trpc.auth.requestPasswordReset.useMutation({
    onSuccess: (_, input) => setSentTo(input.email),
    onError: (error) => report(formErrorsFrom(error, FIELDS)),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(requestPasswordResetInput, { email }, FIELDS)
    if (!checked.ok) return report(checked.errors)
    reset()
    request.mutate(checked.data)
  }

  return (
    <AuthLayout
      title="Reset your password"
      tagline="Enter the email address of your account and we'll send you a link to choose a new password."
      footer={
        <Link to="/signin" className="font-semibold text-accent-600 hover:underline">
          Back to sign in
        </Link>
      }
    >
      {sentTo ? (
        <div role="status" className="space-y-3 text-sm text-neutral-700">
          <p>
            If an account uses <strong className="break-all">{sentTo}</strong>, a link to reset its password is on its way. It works once, for an hour.
          </p>
          <p className="text-neutral-500">No mail after a few minutes? Check your spam folder, or try again.</p>
          <Button variant="secondary" className="w-full" onClick={() => setSentTo(null)}>
            Try again
          </Button>
        </div>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
            value={email}
            error={errors.fields.email}
            onChange={(e) => {
              setEmail(e.target.value)
              clearField('email')
            }}
          />
          <FormAlert message={errors.general} />
          <Button type="submit" pending={request.isPending} className="h-11 w-full">
            Send reset link
          </Button>
        </form>
      )}
    </AuthLayout>
  )
}
