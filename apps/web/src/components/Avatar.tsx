type AvatarUser = {
  username: string
  displayName: string
  /** 96 px */
  avatarUrl: string | null
  /** 48 and 320 px, for srcset */
  avatar?: { small: string; large: string } | null
}

const sizes = {
  xs: 'size-6 text-[0.625rem]',
  sm: 'size-8 text-xs',
  md: 'size-11 text-base',
  lg: 'size-20 text-2xl',
  xl: 'size-20 text-2xl md:size-28 md:text-4xl lg:size-36 lg:text-5xl',
} as const

// The rendered width of each size (Tailwind's size-N is N/4 rem), so the browser picks the smallest
// photo that is sharp at the screen's density from srcset.
const widths: Record<keyof typeof sizes, string> = {
  xs: '24px',
  sm: '32px',
  md: '44px',
  lg: '80px',
  xl: '(min-width: 1024px) 144px, (min-width: 768px) 112px, 80px',
}

// Hues that stay clear and friendly at one lightness (the olive and mustard ones do not).
const HUES = [20, 45, 150, 175, 205, 235, 265, 290, 320, 350]

/** A stable hue per username, so a person keeps their colour everywhere. */
function hueOf(username: string): number {
  let hash = 0
  for (const ch of username) hash = (hash * 31 + ch.codePointAt(0)!) % 1_000_003
  return HUES[hash % HUES.length] ?? 265
}

function initialsOf(user: AvatarUser): string {
  const words = (user.displayName || user.username).split(/[\s._-]+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0], words[1]] : [words[0] ?? user.username]
  return letters
    .map((w) => [...(w ?? '')][0] ?? '')
    .join('')
    .toUpperCase()
}

export function Avatar({ user, size = 'md', className = '' }: { user: AvatarUser; size?: keyof typeof sizes; className?: string }) {
  const base = `${sizes[size]} shrink-0 rounded-full ${className}`
  if (user.avatarUrl) {
    const srcSet = user.avatar ? `${user.avatar.small} 48w, ${user.avatarUrl} 96w, ${user.avatar.large} 320w` : undefined
    return (
      <img
        src={user.avatarUrl}
        srcSet={srcSet}
        sizes={srcSet ? widths[size] : undefined}
        alt={`${user.username}'s profile picture`}
        decoding="async"
        className={`${base} object-cover bg-neutral-100`}
      />
    )
  }
  return (
    <span
      role="img"
      aria-label={`${user.username}'s profile picture`}
      className={`${base} inline-flex select-none items-center justify-center font-semibold text-white`}
      // Same lightness for every hue keeps white initials readable on all of them: at 0.5, at least 5:1 (WCAG AA).
      style={{ backgroundColor: `oklch(0.5 0.15 ${hueOf(user.username)})` }}
    >
      <span aria-hidden="true">{initialsOf(user)}</span>
    </span>
  )
}
