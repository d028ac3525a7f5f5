import { trpc } from './trpc.ts'

/** Who is signed in. The session lives in an httpOnly cookie, so the server is the only one who knows. */
export function useSession() {
  const me = trpc.auth.me.useQuery(undefined, { staleTime: 5 * 60_000 })
  return { viewer: me.data ?? null, query: me }
}
