import { ArrowLeft, UserPlus } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { Button } from '../../components/Button.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { useToast } from '../../lib/toast.tsx'
import { trpc } from '../../lib/trpc.ts'
import { useSession } from '../../lib/session.ts'
import { FollowButton } from '../../components/FollowButton.tsx'
import type { UserSummary } from '../../lib/userTypes.ts'
import { UserList } from '../../components/UserList.tsx'

/** Confirm or Delete one request; once answered, the row says so (and offers Follow back). */
function RequestActions({ user }: { user: UserSummary }) {
  const utils = trpc.useUtils()
  const { viewer } = useSession()
  const toast = useToast()
  const [answer, setAnswer] = useState<'confirmed' | 'deleted' | null>(null)
  const username = user.username

  const after = () => {
    void utils.user.byUsername.invalidate({ username })
    if (viewer) {
      void utils.user.byUsername.invalidate({ username: viewer.username })
      void utils.user.followers.invalidate({ username: viewer.username }, { refetchType: 'none' })
    }
    void utils.user.following.invalidate({ username }, { refetchType: 'none' })
    // This list keeps its rows while open; the count on the notifications page refreshes there.
    void utils.user.followRequests.invalidate(undefined, { refetchType: 'none' })
    void utils.notification.list.invalidate(undefined, { refetchType: 'none' })
    void utils.notification.unreadCount.invalidate()
  }
  const approve = trpc.user.approveFollow.useMutation({
    onSuccess: () => {
      setAnswer('confirmed')
      after()
    },
    onError: (error) => toast(generalMessage(error)),
  })
  const deny = trpc.user.denyFollow.useMutation({
    onSuccess: () => {
      setAnswer('deleted')
      after()
    },
    onError: (error) => toast(generalMessage(error)),
  })

  if (answer === 'deleted') return <span className="inline-flex h-9 items-center px-2 text-sm text-neutral-500">Request deleted</span>
  if (answer === 'confirmed') {
    return (
      <div className="flex items-center gap-3">
        <span className="text-sm text-neutral-500 max-sm:sr-only">Confirmed</span>
        <FollowButton username={username} />
      </div>
    )
  }
  const busy = approve.isPending || deny.isPending
  return (
    <div className="flex gap-2">
      <Button pending={approve.isPending} disabled={busy} onClick={() => approve.mutate({ username })}>
        Confirm
      </Button>
      <Button variant="secondary" pending={deny.isPending} disabled={busy} onClick={() => deny.mutate({ username })}>
        Delete
      </Button>
    </div>
  )
}

/** /notifications/requests: people asking to follow the viewer's private account. */
export function FollowRequestsPage() {
  const requests = trpc.user.followRequests.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor, staleTime: 0 })
  return (
    <div className="mx-auto max-w-xl">
      <title>Follow requests • Mosaic</title>
      <div className="mb-6 flex items-center gap-2 border-b border-neutral-200 pb-4">
        <Link
          to="/notifications"
          aria-label="Back to notifications"
          className="-ml-2 inline-flex size-10 items-center justify-center rounded-full text-neutral-900 hover:bg-neutral-100"
        >
          <ArrowLeft className="size-6" aria-hidden="true" />
        </Link>
        <h1 className="text-xl font-bold tracking-tight md:text-2xl">Follow requests</h1>
      </div>
      <UserList
        query={requests}
        label="Follow requests"
        empty={
          <EmptyState icon={UserPlus} title="No follow requests">
            When someone asks to follow your private account, you'll see their request here.
          </EmptyState>
        }
        action={(user) => <RequestActions user={user} />}
      />
    </div>
  )
}
