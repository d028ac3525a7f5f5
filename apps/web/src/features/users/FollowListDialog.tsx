import { useState } from 'react'
import { Button } from '../../components/Button.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { useToast } from '../../lib/toast.tsx'
import { trpc } from '../../lib/trpc.ts'
import { useSession } from '../../lib/session.ts'
import { FollowButton } from '../../components/FollowButton.tsx'
import { UserList } from '../../components/UserList.tsx'

export type FollowListKind = 'followers' | 'following'

type Props = { username: string; kind: FollowListKind | null; onClose: () => void }

/** A profile's followers or following, in a dialog, with a follow button per person. */
export function FollowListDialog({ username, kind, onClose }: Props) {
  return (
    <Dialog open={kind !== null} onClose={onClose} title={kind === 'following' ? 'Following' : 'Followers'}>
      {kind ? <FollowList key={kind} username={username} kind={kind} /> : null}
    </Dialog>
  )
}

function FollowList({ username, kind }: { username: string; kind: FollowListKind }) {
  const { viewer } = useSession()
  const isOwn = viewer?.username === username
  const options = { getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor }
  // Both hooks run (hooks cannot be conditional); only the one for this list is enabled.
  const followers = trpc.user.followers.useInfiniteQuery({ username, limit: 20 }, { ...options, enabled: kind === 'followers' })
  const following = trpc.user.following.useInfiniteQuery({ username, limit: 20 }, { ...options, enabled: kind === 'following' })
  const query = kind === 'followers' ? followers : following

  return (
    <UserList
      query={query}
      label={kind === 'followers' ? `People who follow ${username}` : `People ${username} follows`}
      empty={
        kind === 'followers'
          ? isOwn
            ? "When people follow you, you'll see them here."
            : 'No followers yet.'
          : isOwn
            ? "When you follow people, you'll see them here."
            : 'Not following anyone yet.'
      }
      action={(user) => (isOwn && kind === 'followers' ? <RemoveFollower username={user.username} /> : <FollowButton username={user.username} />)}
    />
  )
}

/** On your own followers list: stop someone following you (they are not told). */
function RemoveFollower({ username }: { username: string }) {
  const utils = trpc.useUtils()
  const { viewer } = useSession()
  const toast = useToast()
  const [removed, setRemoved] = useState(false)
  const remove = trpc.user.removeFollower.useMutation({
    onSuccess: () => {
      setRemoved(true)
      void utils.user.byUsername.invalidate({ username })
      if (viewer) {
        void utils.user.byUsername.invalidate({ username: viewer.username })
        void utils.user.followers.invalidate({ username: viewer.username }, { refetchType: 'none' })
      }
      void utils.user.following.invalidate({ username }, { refetchType: 'none' })
    },
    onError: (error) => toast(generalMessage(error)),
  })
  if (removed) return <span className="inline-flex h-9 items-center px-2 text-sm text-neutral-500">Removed</span>
  return (
    <Button variant="secondary" className="min-w-24" pending={remove.isPending} onClick={() => remove.mutate({ username })}>
      Remove
    </Button>
  )
}
