import { getQueryKey } from '@trpc/react-query'
import { useQueryClient } from '@tanstack/react-query'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { trpc } from '../../lib/trpc.ts'
import type { Post } from './types.ts'

/** "photo", "3 photos", "video", "2 videos", "3 photos and videos". */
function mediaNoun(post: Post): string {
  const n = post.media.length
  const videos = post.media.filter((m) => m.kind === 'video').length
  const noun = videos === 0 ? 'photo' : videos === n ? 'video' : null
  if (noun === null) return `${n} photos and videos`
  return n === 1 ? noun : `${n} ${noun}s`
}

type DeleteProps = { post: Post; open: boolean; onClose: () => void; onDeleted: () => void }

/** Asks the author to confirm, then deletes the post and forgets it in every cache that showed it. */
export function DeletePostDialog({ post, open, onClose, onDeleted }: DeleteProps) {
  const utils = trpc.useUtils()
  const queryClient = useQueryClient()
  const remove = trpc.post.delete.useMutation({
    onSuccess: () => {
      const username = post.author.username
      onDeleted()
      // Gone for good: a Back to this post must not show it from the cache.
      queryClient.removeQueries({ queryKey: getQueryKey(trpc.post.byId, { id: post.id }, 'query') })
      void utils.post.byUser.invalidate({ username })
      void utils.user.byUsername.invalidate({ username })
      void utils.tag.posts.invalidate()
      void utils.feed.home.invalidate()
    },
  })

  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title="Delete post?"
      confirmLabel="Delete"
      onConfirm={() => remove.mutate({ id: post.id })}
      pending={remove.isPending}
      error={remove.error}
    >
      <p className="text-sm leading-relaxed text-neutral-700">
        This post and its {mediaNoun(post)} will be removed from Mosaic, with its likes and comments. You can't undo this.
      </p>
    </ConfirmDialog>
  )
}
