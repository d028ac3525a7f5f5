import type { ReactNode } from 'react'

export function PageHeading({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="mb-6 flex items-center justify-between gap-4 border-b border-neutral-200 pb-4">
      <h1 className="text-xl font-bold tracking-tight md:text-2xl">{children}</h1>
      {aside}
    </div>
  )
}
