import { changePasswordInput } from '@mosaic/validators'
import { useState, type FormEvent } from 'react'
import { Button } from '../../components/Button.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { formErrorsFrom, validate } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { useFormFields } from '../../lib/useFormFields.ts'

const FIELDS = ['oldPassword', 'newPassword', 'confirm'] as const
type Field = (typeof FIELDS)[number]
const EMPTY: Record<Field, string> = { oldPassword: '', newPassword: '', confirm: '' }

/** Change password: needs the current one; every other device is signed out. */
export function PasswordSection() {
  const [done, setDone] = useState(false)
  const { formRef, errors, report, reset, values, setValues, field } = useFormFields<Field>(EMPTY, { onEdit: () => setDone(false) })
  const utils = trpc.useUtils()
  const change = trpc.auth.changePassword.useMutation({
    onSuccess: () => {
      setValues(EMPTY)
      setDone(true)
      void utils.auth.sessions.invalidate()
    },
    onError: (error) => report(formErrorsFrom(error, FIELDS)),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(changePasswordInput, values, FIELDS)
    if (!checked.ok) return report(checked.errors)
    if (values.confirm !== values.newPassword) return report({ fields: { confirm: "The two new passwords don't match" }, general: null })
    reset()
    change.mutate(checked.data)
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="max-w-sm space-y-4">
      <p className="text-sm text-neutral-600">Changing your password signs you out everywhere else. You stay signed in on this device.</p>
      <TextField label="Current password" name="oldPassword" type="password" autoComplete="current-password" {...field('oldPassword')} />
      <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" hint="At least 8 characters." {...field('newPassword')} />
      <TextField label="New password, again" name="confirm" type="password" autoComplete="new-password" {...field('confirm')} />
      <FormAlert message={errors.general} />
      <Button type="submit" pending={change.isPending}>
        Change password
      </Button>
      <p role="status" className="text-sm text-emerald-700">
        {done ? 'Password changed. Every other device has been signed out.' : ''}
      </p>
    </form>
  )
}
