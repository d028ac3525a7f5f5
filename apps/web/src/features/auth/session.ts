import { trpc } from '../../lib/trpc.ts'

/** Who is signed in. The session lives in an httpOnly cookie, so the server is the only one who knows. */
export function useSession() {
  const me = trpc.auth.me.useQuery(undefined, { staleTime: 5 * 60_000 })
  return { viewer: me.data ?? null, query: me }
}

/** Where to go after signing in: only paths inside this app, never another origin. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null
  if (next.startsWith('/signin') || next.startsWith('/signup')) return null
  return next
}
