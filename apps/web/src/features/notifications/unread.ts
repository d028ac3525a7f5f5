import { trpc } from '../../lib/trpc.ts'
import { useSession } from '../../lib/session.ts'

const POLL_MS = 15_000

/**
 * How many notifications the viewer has not seen. With `poll`, asks again every 15 seconds and
 * whenever the window regains focus; one caller (the app frame) polls, the others just read.
 */
export function useUnreadCount({ poll = false }: { poll?: boolean } = {}): number {
  const { viewer } = useSession()
  const query = trpc.notification.unreadCount.useQuery(undefined, {
    enabled: viewer !== null,
    staleTime: poll ? 0 : 10_000,
    refetchInterval: poll ? POLL_MS : false,
    refetchOnWindowFocus: poll,
  })
  return viewer ? (query.data?.count ?? 0) : 0
}
