import { useQueryClient } from '@tanstack/react-query'
import { ExternalLink, Flag, Link2, MessageCircleOff, MessageCircle, Pencil, Share, Trash2, UserMinus } from 'lucide-react'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { useFollowActions } from '../../components/FollowButton.tsx'
import { MenuButton, type MenuItem } from '../../components/MenuButton.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { useSession } from '../../lib/session.ts'
import { useToast } from '../../lib/toast.tsx'
import { trpc } from '../../lib/trpc.ts'
import { patchPostInLists } from './postCache.ts'
import { ReportPostDialog } from './ReportPostDialog.tsx'
import type { Post } from './types.ts'

type Props = {
  post: Post
  /** the author's edit and delete (shown to the author only) */
  onEdit?: () => void
  onDelete?: () => void
  /** leave out "Go to post" (on the post's own page) */
  onPostPage?: boolean
  /** the viewer follows the author (the home feed knows); otherwise read from the author's profile */
  following?: boolean
}

const postUrl = (id: string) => new URL(`/p/${id}`, window.location.origin).href

/**
 * The ⋯ menu on every post: copy or share its link, go to it, report it, unfollow its author; for
 * the author, edit, turn comments off or on, and delete.
 */
export function PostMenu({ post, onEdit, onDelete, onPostPage = false, following }: Props) {
  const { viewer } = useSession()
  const toast = useToast()
  const navigate = useNavigate()
  const [reporting, setReporting] = useState(false)
  const isAuthor = viewer?.id === post.author.id
  const username = post.author.username
  const profile = trpc.user.byUsername.useQuery({ username }, { enabled: Boolean(viewer) && !isAuthor && following === undefined, staleTime: 60_000 })
  const follows = following ?? profile.data?.viewer?.follow === 'following'
  const { unfollow } = useFollowActions(username)
  const comments = useCommentsToggle(post)

  const url = postUrl(post.id)
  const items: MenuItem[] = [
    {
      label: 'Copy link',
      icon: Link2,
      onSelect: () => {
        navigator.clipboard.writeText(url).then(
          () => toast('Link copied'),
          () => toast(`Could not copy. The link is ${url}`),
        )
      },
    },
  ]
  if (typeof navigator.share === 'function') {
    items.push({
      label: 'Share to…',
      icon: Share,
      onSelect: () => void navigator.share({ title: `Post by @${username} on Mosaic`, url }).catch(() => {}),
    })
  }
  if (!onPostPage) items.push({ label: 'Go to post', icon: ExternalLink, onSelect: () => void navigate(`/p/${post.id}`) })
  if (isAuthor) {
    if (onEdit) items.push({ label: 'Edit caption', icon: Pencil, onSelect: onEdit })
    items.push(
      post.commentsDisabled
        ? { label: 'Turn on commenting', icon: MessageCircle, onSelect: () => comments.set(false) }
        : { label: 'Turn off commenting', icon: MessageCircleOff, onSelect: () => comments.set(true) },
    )
    if (onDelete) items.push({ label: 'Delete post', icon: Trash2, danger: true, onSelect: onDelete })
  } else if (viewer) {
    if (follows) {
      items.push({
        label: 'Unfollow',
        icon: UserMinus,
        onSelect: () => {
          unfollow()
          toast(`You unfollowed @${username}`)
        },
      })
    }
    items.push({ label: 'Report', icon: Flag, danger: true, onSelect: () => setReporting(true) })
  }

  return (
    <>
      <MenuButton menuLabel="Post options" items={items} />
      {viewer && !isAuthor ? <ReportPostDialog post={post} open={reporting} onClose={() => setReporting(false)} /> : null}
    </>
  )
}

/** The author turns comments off or on; every copy of the post learns of it. */
function useCommentsToggle(post: Post) {
  const utils = trpc.useUtils()
  const queryClient = useQueryClient()
  const toast = useToast()
  const update = trpc.post.update.useMutation({
    onSuccess: (updated) => {
      utils.post.byId.setData({ id: updated.id }, updated)
      patchPostInLists(queryClient, updated.id, () => ({ commentsDisabled: updated.commentsDisabled }))
      toast(updated.commentsDisabled ? 'Commenting turned off' : 'Commenting turned on')
    },
    onError: (e) => toast(generalMessage(e)),
  })
  return { set: (disabled: boolean) => update.mutate({ id: post.id, commentsDisabled: disabled }) }
}
