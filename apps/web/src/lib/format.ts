const whole = new Intl.NumberFormat('en')
const compactFormat = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })

/** "1 post", "1,234 posts". */
export const postCount = (n: number) => `${whole.format(n)} ${n === 1 ? 'post' : 'posts'}`

/** 1234 → "1.2K", for chips and badges where space is short. */
export const compact = (n: number) => compactFormat.format(n)
