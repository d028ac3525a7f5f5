import type { ReactNode } from 'react'

type Props = {
  /** 'unseen' draws the coloured ring, 'seen' a grey one, 'none' only the spacing (so rows line up). */
  state: 'unseen' | 'seen' | 'none'
  children: ReactNode
  className?: string
}

/**
 * A ring around an avatar for an account with a live story. A wrapper rather than a prop of
 * Avatar, so the picture itself stays one component whatever it shows.
 */
export function StoryRing({ state, children, className = '' }: Props) {
  const ring =
    state === 'unseen'
      ? 'bg-[conic-gradient(from_210deg,var(--color-amber-400),var(--color-rose-500),var(--color-fuchsia-600),var(--color-amber-400))]'
      : state === 'seen'
        ? 'bg-neutral-300'
        : 'bg-transparent'
  return (
    <span data-story-ring={state} className={`inline-flex shrink-0 rounded-full p-[2px] ${ring} ${className}`}>
      <span className="inline-flex rounded-full bg-white p-[2px]">{children}</span>
    </span>
  )
}
