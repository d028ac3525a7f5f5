import { useQueryClient } from '@tanstack/react-query'
import { Heart } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { Avatar } from '../../components/Avatar.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { inFlight } from '../../lib/inFlight.ts'
import { useSession } from '../../lib/session.ts'
import { useToast } from '../../lib/toast.tsx'
import { trpc } from '../../lib/trpc.ts'
import { patchComment, removeComment, useCommentCount, type Comment, type ReplyTarget } from './commentCache.ts'
import { AuthoredText } from './richText.tsx'
import type { Post } from './types.ts'

const plain = new Intl.NumberFormat('en')
const REPLIES_PAGE = 10

type Props = {
  comment: Comment
  post: Post
  onDeleted: () => void
  /** "Reply": the composer answers this comment's thread, @mentioning its author */
  onReply?: ((target: ReplyTarget) => void) | undefined
}

/** A top-level comment with its replies under it: the first two come with the thread, "View N more replies" pages the rest. */
export function CommentItem({ comment, post, onDeleted, onReply }: Props) {
  const [expanded, setExpanded] = useState(false)
  const more = trpc.comment.replies.useInfiniteQuery(
    { commentId: comment.id, limit: REPLIES_PAGE },
    { enabled: expanded, getNextPageParam: (page) => page.nextCursor },
  )
  const seen = new Set<string>()
  const fetched = expanded ? (more.data?.pages.flatMap((p) => p.items) ?? []) : []
  const replies = [...fetched, ...(comment.replies ?? [])].filter((r) => !seen.has(r.id) && seen.add(r.id))
  const hidden = Math.max(0, comment.replyCount - replies.length)
  const canLoad = hidden > 0 && (!expanded || more.hasNextPage)
  const loading = expanded && (more.isPending || more.isFetchingNextPage)

  return (
    <li>
      <CommentRow comment={comment} post={post} onDeleted={onDeleted} onReply={onReply} />
      {replies.length > 0 || canLoad ? (
        <div className="mt-3 ml-11 space-y-3">
          {replies.length > 0 ? (
            <ul aria-label={`Replies to ${comment.author.username}`} className="space-y-3">
              {replies.map((r) => (
                <li key={r.id}>
                  <CommentRow comment={r} post={post} onDeleted={() => undefined} onReply={onReply} />
                </li>
              ))}
            </ul>
          ) : null}
          {canLoad ? (
            <button
              type="button"
              disabled={loading}
              onClick={() => (expanded ? void more.fetchNextPage() : setExpanded(true))}
              className="flex items-center gap-3 text-xs font-semibold text-neutral-500 hover:text-neutral-800"
            >
              <span aria-hidden="true" className="h-px w-6 bg-neutral-400" />
              {loading ? <Spinner className="size-3.5" /> : null}
              View {plain.format(hidden)} more {hidden === 1 ? 'reply' : 'replies'}
            </button>
          ) : null}
          {more.isError ? <p className="text-xs text-red-600">Couldn't load the replies. Try again.</p> : null}
        </div>
      ) : null}
    </li>
  )
}

/** One comment or reply: who, what, when, its likes, Reply and (for its author or the post's) Delete, and a heart. */
function CommentRow({ comment, post, onDeleted, onReply }: Props) {
  const { viewer } = useSession()
  const [confirming, setConfirming] = useState(false)
  const canDelete = viewer !== null && (viewer.id === comment.author.id || viewer.id === post.author.id)
  const username = comment.author.username
  const small = comment.parentId !== null
  return (
    <div id={`comment-${comment.id}`} className="flex gap-3">
      <Link to={`/${username}`} className="shrink-0 rounded-full" tabIndex={-1} aria-hidden="true">
        <Avatar user={comment.author} size={small ? 'xs' : 'sm'} />
      </Link>
      <div className="min-w-0 flex-1">
        <AuthoredText username={username} text={comment.text} />
        <div className="mt-1 flex items-center gap-3 text-xs text-neutral-500">
          <RelativeTime iso={comment.createdAt} />
          {comment.likeCount > 0 ? (
            <span className="font-semibold">
              {plain.format(comment.likeCount)} {comment.likeCount === 1 ? 'like' : 'likes'}
            </span>
          ) : null}
          {viewer && onReply ? (
            <button
              type="button"
              onClick={() => onReply({ parentId: comment.parentId ?? comment.id, username })}
              aria-label={`Reply to ${username}`}
              className="font-semibold hover:text-neutral-800"
            >
              Reply
            </button>
          ) : null}
          {canDelete ? (
            <button type="button" onClick={() => setConfirming(true)} aria-label="Delete comment" className="font-semibold hover:text-neutral-800">
              Delete
            </button>
          ) : null}
        </div>
      </div>
      {viewer ? <CommentLikeButton comment={comment} /> : null}
      {canDelete ? <DeleteCommentDialog comment={comment} post={post} open={confirming} onClose={() => setConfirming(false)} onDeleted={onDeleted} /> : null}
    </div>
  )
}

/** The small heart beside a comment, optimistic like the post's: back as it was, with the reason, if the server refuses. */
function CommentLikeButton({ comment }: { comment: Comment }) {
  const queryClient = useQueryClient()
  const toast = useToast()
  const key = `comment-like:${comment.id}`
  const set = (state: { likeCount: number; viewerHasLiked: boolean }) => patchComment(queryClient, comment.id, state)
  const options = (liked: boolean) => ({
    scope: { id: key },
    onMutate: () => {
      inFlight.begin(key)
      const before = { likeCount: comment.likeCount, viewerHasLiked: comment.viewerHasLiked }
      if (before.viewerHasLiked !== liked) set({ viewerHasLiked: liked, likeCount: Math.max(0, before.likeCount + (liked ? 1 : -1)) })
      return { before }
    },
    onSuccess: (state: { likeCount: number; viewerHasLiked: boolean }) => {
      if (inFlight.isLast(key)) set(state)
    },
    onError: (error: unknown, _input: unknown, context: { before: { likeCount: number; viewerHasLiked: boolean } } | undefined) => {
      if (context && inFlight.isLast(key)) set(context.before)
      toast(generalMessage(error))
    },
    onSettled: () => inFlight.end(key),
  })
  const like = trpc.comment.like.useMutation(options(true))
  const unlike = trpc.comment.unlike.useMutation(options(false))
  const liked = comment.viewerHasLiked
  return (
    <button
      type="button"
      aria-pressed={liked}
      aria-label={`Like comment by ${comment.author.username}`}
      onClick={() => (liked ? unlike : like).mutate({ id: comment.id })}
      className="group -mt-1 inline-flex size-8 shrink-0 items-center justify-center rounded-full"
    >
      <Heart
        className={`size-3.5 ${liked ? 'fill-red-500 text-red-500' : 'text-neutral-500 group-hover:text-neutral-800'}`}
        strokeWidth={2}
        aria-hidden="true"
      />
    </button>
  )
}

type DeleteProps = { comment: Comment; post: Post; open: boolean; onClose: () => void; onDeleted: () => void }

function DeleteCommentDialog({ comment, post, open, onClose, onDeleted }: DeleteProps) {
  const queryClient = useQueryClient()
  const { viewer } = useSession()
  const moveCount = useCommentCount(post)
  const remove = trpc.comment.delete.useMutation({
    onSuccess: () => {
      onClose()
      removeComment(queryClient, comment)
      onDeleted()
      // A top-level comment takes its replies with it.
      moveCount(-1 - (comment.parentId === null ? comment.replyCount : 0))
    },
  })
  const theirs = viewer?.id !== comment.author.id
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title="Delete comment?"
      confirmLabel="Delete"
      onConfirm={() => remove.mutate({ id: comment.id })}
      pending={remove.isPending}
      error={remove.error}
    >
      <p className="text-sm leading-relaxed text-neutral-700">
        {theirs ? `${comment.author.username}'s comment will be removed from your post.` : 'Your comment will be removed from this post.'}
        {comment.parentId === null && comment.replyCount > 0 ? ' Its replies go with it.' : ''} You can't undo this.
      </p>
    </ConfirmDialog>
  )
}
