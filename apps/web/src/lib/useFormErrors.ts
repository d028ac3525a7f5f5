import { useCallback, useEffect, useRef, useState } from 'react'
import type { FormErrors } from './errors.ts'

/**
 * Error state for a form: inline messages per field plus a general one. Reporting errors (from
 * the browser's check or the server's answer) moves focus to the first invalid field; clearing
 * one while the person types never moves focus.
 */
export function useFormErrors<F extends string>() {
  const formRef = useRef<HTMLFormElement>(null)
  const [errors, setErrors] = useState<FormErrors<F>>({ fields: {}, general: null })
  const [reports, setReports] = useState(0)

  useEffect(() => {
    if (reports > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [reports])

  const report = useCallback((next: FormErrors<F>) => {
    setErrors(next)
    setReports((n) => n + 1)
  }, [])

  const reset = useCallback(() => setErrors({ fields: {}, general: null }), [])

  const clearField = useCallback((name: F) => {
    setErrors((prev) => (prev.fields[name] === undefined ? prev : { ...prev, fields: { ...prev.fields, [name]: undefined } }))
  }, [])

  return { formRef, errors, report, reset, clearField }
}
