import type { ButtonHTMLAttributes } from 'react'
import { Spinner } from './Spinner.tsx'

const variants = {
  primary: 'bg-accent-600 text-white hover:bg-accent-700 disabled:bg-accent-600/60',
  secondary: 'bg-neutral-100 text-neutral-900 hover:bg-neutral-200 disabled:text-neutral-400',
  ghost: 'text-neutral-700 hover:bg-neutral-100 disabled:text-neutral-400',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-red-600/60',
} as const

export const buttonClass = (variant: keyof typeof variants = 'primary', extra = '') =>
  `inline-flex h-9 items-center justify-center gap-2 rounded-lg px-4 text-sm font-semibold transition-colors disabled:cursor-not-allowed ${variants[variant]} ${extra}`

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof variants; pending?: boolean }

/** While pending the button is disabled and shows a spinner, but keeps its accessible name. */
export function Button({ variant = 'primary', pending = false, className = '', disabled, children, type = 'button', ...rest }: Props) {
  return (
    <button type={type} className={buttonClass(variant, className)} disabled={disabled || pending} aria-busy={pending || undefined} {...rest}>
      {pending && <Spinner className="size-4" />}
      {children}
    </button>
  )
}
