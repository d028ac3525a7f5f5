import { useState } from 'react'
import { useFormErrors } from './useFormErrors.ts'

/**
 * A form's text fields wired to their inline errors: `field(name)` gives a field its value, its
 * error and an onChange that stores the new value, clears that field's error and calls `onEdit`
 * (a form that shows "saved" drops it once the person types again). Errors may name more than the
 * typed fields (`F`, e.g. a reset link's token, beside the fields `V`).
 */
export function useFormFields<F extends string, V extends F = F>(initial: Record<V, string>, opts: { onEdit?: () => void } = {}) {
  const [values, setValues] = useState(initial)
  const form = useFormErrors<F>()

  const field = (name: V) => ({
    value: values[name],
    error: form.errors.fields[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }))
      opts.onEdit?.()
      form.clearField(name)
    },
  })

  return { ...form, values, setValues, field }
}
