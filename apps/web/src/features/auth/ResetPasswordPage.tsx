import { passwordSchema } from '@mosaic/validators'
import { useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { z } from 'zod'
import { Button, buttonClass } from '../../components/Button.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { formErrorsFrom, validate } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { useFormFields } from '../../lib/useFormFields.ts'
import { AuthLayout } from './AuthLayout.tsx'

const FIELDS = ['newPassword', 'confirm', 'token'] as const
type Field = (typeof FIELDS)[number]

const form = z.object({ newPassword: passwordSchema, confirm: z.string() }).refine((v) => v.confirm === v.newPassword, {
  message: "The two passwords don't match",
  path: ['confirm'],
})

const linkClass = 'font-semibold text-accent-600 hover:underline'

/** /reset-password?token=…: the page a reset mail links to. Success signs every device out. */
export function ResetPasswordPage() {
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const [done, setDone] = useState(false)
  const { formRef, errors, report, reset, values, field } = useFormFields<Field, 'newPassword' | 'confirm'>({ newPassword: '', confirm: '' })
  const utils = trpc.useUtils()
  const resetPassword = trpc.auth.resetPassword.useMutation({
    onSuccess: () => {
      setDone(true)
      // Every session of the account has ended, this browser's included.
      utils.auth.me.setData(undefined, null)
      void utils.invalidate()
    },
    onError: (error) => report(formErrorsFrom(error, FIELDS)),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(form, values, FIELDS)
    if (!checked.ok) return report(checked.errors)
    reset()
    resetPassword.mutate({ token, newPassword: checked.data.newPassword })
  }

  const footer = (
    <Link to="/signin" className={linkClass}>
      Back to sign in
    </Link>
  )
  if (!token) {
    return (
      <AuthLayout title="Choose a new password" tagline="This reset link is incomplete." footer={footer}>
        <p className="text-sm text-neutral-700">
          Open the link from the mail again, or{' '}
          <Link to="/forgot-password" className={linkClass}>
            ask for a new one
          </Link>
          .
        </p>
      </AuthLayout>
    )
  }
  return (
    <AuthLayout title="Choose a new password" tagline="Choose a new password for your account. Every device signed in to it will be signed out." footer={footer}>
      {done ? (
        <div role="status" className="space-y-4 text-sm text-neutral-700">
          <p>Your password has been changed. Sign in with your new password.</p>
          <Link to="/signin" className={buttonClass('primary', 'h-11 w-full')}>
            Sign in
          </Link>
        </div>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
          <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" hint="At least 8 characters." {...field('newPassword')} />
          <TextField label="New password, again" name="confirm" type="password" autoComplete="new-password" {...field('confirm')} />
          <FormAlert message={errors.fields.token ?? errors.general} />
          {errors.fields.token ? (
            <p className="text-sm">
              <Link to="/forgot-password" className={linkClass}>
                Ask for a new link
              </Link>
            </p>
          ) : null}
          <Button type="submit" pending={resetPassword.isPending} className="h-11 w-full">
            Set new password
          </Button>
        </form>
      )}
    </AuthLayout>
  )
}
