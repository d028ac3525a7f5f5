/** Four tiles: the Mosaic mark. Decorative wherever it sits next to the name. */
export function LogoMark({ className = 'size-7' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <rect x="2" y="2" width="13" height="13" rx="3.5" fill="#4f46e5" />
      <rect x="17" y="2" width="13" height="13" rx="3.5" fill="#f59e0b" />
      <rect x="2" y="17" width="13" height="13" rx="3.5" fill="#14b8a6" />
      <rect x="17" y="17" width="13" height="13" rx="3.5" fill="#ec4899" />
    </svg>
  )
}

const wordmarkSizes = {
  sm: ['size-6', 'text-xl'],
  md: ['size-7', 'text-2xl'],
  lg: ['size-9', 'text-3xl'],
} as const

export function Wordmark({ size = 'md' }: { size?: keyof typeof wordmarkSizes }) {
  const [mark, text] = wordmarkSizes[size]
  return (
    <span className="inline-flex items-center gap-2">
      <LogoMark className={mark} />
      <span className={`font-semibold tracking-tight text-neutral-900 ${text}`}>Mosaic</span>
    </span>
  )
}
