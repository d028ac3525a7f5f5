import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react'

const control =
  'block w-full rounded-lg border bg-neutral-50 px-3 text-sm text-neutral-900 placeholder:text-neutral-400 transition-colors focus:bg-white focus:outline-2 focus:-outline-offset-1 focus:outline-accent-500 aria-[invalid=true]:border-red-500 aria-[invalid=true]:focus:outline-red-500 border-neutral-300 disabled:opacity-60'

type FieldShellProps = { id: string; label: string; error?: string | undefined; hint?: ReactNode; children: ReactNode }

function FieldShell({ id, label, error, hint, children }: FieldShellProps) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-neutral-800">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}
      {hint && !error ? (
        <div id={`${id}-hint`} className="text-xs text-neutral-500">
          {hint}
        </div>
      ) : null}
    </div>
  )
}

function describedBy(id: string, error: string | undefined, hint: ReactNode) {
  return [error ? `${id}-error` : null, hint && !error ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & { label: string; error?: string | undefined; hint?: ReactNode }

export function TextField({ label, error, hint, className = '', ...rest }: TextFieldProps) {
  const id = useId()
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`${control} h-11 ${className}`}
        {...rest}
      />
    </FieldShell>
  )
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & { label: string; error?: string | undefined; hint?: ReactNode }

export function TextArea({ label, error, hint, className = '', ...rest }: TextAreaProps) {
  const id = useId()
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`${control} min-h-24 resize-y py-2.5 ${className}`}
        {...rest}
      />
    </FieldShell>
  )
}

/** A general, non-field error for a form (rate limits, network, server trouble). */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-700">
      {message}
    </div>
  )
}
