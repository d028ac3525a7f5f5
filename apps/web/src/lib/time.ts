const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' })
const sameYear = new Intl.DateTimeFormat('en', { month: 'long', day: 'numeric' })
const otherYear = new Intl.DateTimeFormat('en', { month: 'long', day: 'numeric', year: 'numeric' })

/** "3 minutes ago", "yesterday", "5 days ago"; older than a week, the date ("March 3"). */
export function relativeTime(iso: string, now = Date.now()): string {
  const then = new Date(iso)
  const seconds = Math.round((now - then.getTime()) / 1000)
  if (seconds < 45) return 'just now'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return relative.format(-minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (hours < 24) return relative.format(-hours, 'hour')
  const days = Math.round(hours / 24)
  if (days < 7) return relative.format(-days, 'day')
  return (then.getFullYear() === new Date(now).getFullYear() ? sameYear : otherYear).format(then)
}

/** The full date and time, for a tooltip beside a relative time. */
export const absoluteTime = (iso: string) => absolute.format(new Date(iso))
