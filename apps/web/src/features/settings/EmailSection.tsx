import { changeEmailInput } from '@mosaic/validators'
import { useState, type FormEvent } from 'react'
import { Button } from '../../components/Button.tsx'
import { FormAlert, TextField } from '../../components/TextField.tsx'
import { formErrorsFrom, validate } from '../../lib/errors.ts'
import { trpc } from '../../lib/trpc.ts'
import { useFormFields } from '../../lib/useFormFields.ts'

const FIELDS = ['email', 'password'] as const
type Field = (typeof FIELDS)[number]
const EMPTY: Record<Field, string> = { email: '', password: '' }

/** Change the address used to sign in and to receive password reset links. */
export function EmailSection() {
  const [changedTo, setChangedTo] = useState<string | null>(null)
  const { formRef, errors, report, reset, values, setValues, field } = useFormFields<Field>(EMPTY, { onEdit: () => setChangedTo(null) })
  const change = trpc.user.changeEmail.useMutation({
    onSuccess: (_, input) => {
      setValues(EMPTY)
      setChangedTo(input.email)
    },
    onError: (error) => report(formErrorsFrom(error, FIELDS)),
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(changeEmailInput, values, FIELDS)
    if (!checked.ok) return report(checked.errors)
    reset()
    change.mutate(checked.data)
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="max-w-sm space-y-4">
      <p className="text-sm text-neutral-600">You can sign in with this address, and password reset links are sent to it.</p>
      <TextField label="New email" name="email" type="email" autoComplete="email" autoCapitalize="none" spellCheck={false} {...field('email')} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" hint="To confirm it's you." {...field('password')} />
      <FormAlert message={errors.general} />
      <Button type="submit" pending={change.isPending}>
        Change email
      </Button>
      <p role="status" className="text-sm text-emerald-700">
        {changedTo ? `Your email is now ${changedTo}.` : ''}
      </p>
    </form>
  )
}
