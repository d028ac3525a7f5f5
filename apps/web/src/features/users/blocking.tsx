import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { useToast } from '../../lib/toast.tsx'
import { trpc } from '../../lib/trpc.ts'
import { useSession } from '../../lib/session.ts'

/**
 * What a block or unblock changes: both profiles (counts and follow state), the lists they were
 * on, and the viewer's requests, notifications, home feed and suggestions (a blocked account drops out).
 */
function useAfterBlockChange(username: string) {
  const utils = trpc.useUtils()
  const { viewer } = useSession()
  return () => {
    void utils.user.byUsername.invalidate({ username })
    if (viewer) {
      void utils.user.byUsername.invalidate({ username: viewer.username })
      void utils.user.followers.invalidate({ username: viewer.username }, { refetchType: 'none' })
      void utils.user.following.invalidate({ username: viewer.username }, { refetchType: 'none' })
    }
    void utils.user.followRequests.invalidate()
    void utils.notification.invalidate()
    void utils.feed.home.invalidate()
    void utils.user.suggestions.invalidate()
    void utils.user.blocked.invalidate(undefined, { refetchType: 'none' })
  }
}

export function useUnblock(username: string, onDone?: () => void) {
  const toast = useToast()
  const after = useAfterBlockChange(username)
  const unblock = trpc.user.unblock.useMutation({
    onSuccess: () => {
      after()
      onDone?.()
    },
    onError: (error) => toast(generalMessage(error)),
  })
  return { unblock: () => unblock.mutate({ username }), isPending: unblock.isPending }
}

type Props = { username: string; open: boolean; onClose: () => void }

/** Asks before blocking, and says plainly what a block does. */
export function BlockDialog({ username, open, onClose }: Props) {
  const after = useAfterBlockChange(username)
  const block = trpc.user.block.useMutation({
    onSuccess: () => {
      onClose()
      after()
    },
  })

  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title={`Block ${username}?`}
      confirmLabel="Block"
      onConfirm={() => block.mutate({ username })}
      pending={block.isPending}
      error={block.error}
    >
      <ul className="list-disc space-y-2 pl-5 text-sm leading-relaxed text-neutral-700">
        <li>They won't be able to find your profile or see your posts, stories or comments, and you won't see theirs.</li>
        <li>You'll both stop following each other, and neither of you will be able to follow, like or comment on the other.</li>
        <li>Mosaic won't tell them you blocked them. You can unblock them at any time from their profile.</li>
      </ul>
    </ConfirmDialog>
  )
}
