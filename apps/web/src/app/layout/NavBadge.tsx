import type { ReactNode } from 'react'

/** "3", or "99+" when there are more than fit in a badge. */
const badgeText = (n: number) => (n > 99 ? '99+' : String(n))

/**
 * A navigation icon with its count (unread notifications) in a red dot over the corner; nothing
 * extra when there is no count. Decoration only: the item's accessible name carries the count.
 */
export function NavBadge({ count, children }: { count?: number | undefined; children: ReactNode }) {
  return (
    <span className="relative inline-flex">
      {children}
      {count ? (
        <span
          aria-hidden="true"
          className="absolute -top-1.5 -right-2 inline-flex h-[1.125rem] min-w-[1.125rem] items-center justify-center rounded-full bg-red-500 px-1 text-[0.6875rem] leading-none font-bold text-white ring-2 ring-surface"
        >
          {badgeText(count)}
        </span>
      ) : null}
    </span>
  )
}
