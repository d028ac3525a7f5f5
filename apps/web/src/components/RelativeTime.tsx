import { absoluteTime, relativeTime } from '../lib/time.ts'

/** "3 hours ago", with the full date and time as a tooltip and in the markup. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  return (
    <time dateTime={iso} title={absoluteTime(iso)} className={className}>
      {relativeTime(iso)}
    </time>
  )
}
