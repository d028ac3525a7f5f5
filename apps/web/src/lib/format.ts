const whole = new Intl.NumberFormat('en')
const compactFormat = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })

/** "1 post", "1,234 posts". */
export const postCount = (n: number) => `${whole.format(n)} ${n === 1 ? 'post' : 'posts'}`

/** 1234 → "1.2K", for chips and badges where space is short. */
export const compact = (n: number) => compactFormat.format(n)

/** A clip's length as a player shows it: 7_400 ms → "0:07", 62_000 → "1:02" (never 0:00 for a clip). */
export function clipLength(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}
