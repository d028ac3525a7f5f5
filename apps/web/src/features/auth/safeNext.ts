/** Where to go after signing in: only paths inside this app, never another origin. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null
  if (next.startsWith('/signin') || next.startsWith('/signup')) return null
  return next
}
