import type { LucideIcon } from 'lucide-react'
import type { ReactNode } from 'react'

type Props = { icon: LucideIcon; title: string; children?: ReactNode; action?: ReactNode; headingLevel?: 'h1' | 'h2' }

export function EmptyState({ icon: Icon, title, children, action, headingLevel = 'h2' }: Props) {
  const Heading = headingLevel
  return (
    <div className="mx-auto flex max-w-sm flex-col items-center px-4 py-14 text-center">
      <span className="mb-5 inline-flex size-20 items-center justify-center rounded-full border-2 border-neutral-900 text-neutral-900">
        <Icon className="size-9" strokeWidth={1.5} aria-hidden="true" />
      </span>
      <Heading className="text-xl font-bold tracking-tight text-neutral-900">{title}</Heading>
      {children ? <div className="mt-2 text-sm leading-relaxed text-neutral-600">{children}</div> : null}
      {action ? <div className="mt-6">{action}</div> : null}
    </div>
  )
}
