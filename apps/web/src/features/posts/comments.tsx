import { commentText } from '@mosaic/validators'
import type { RouterOutputs } from '@mosaic/trpc'
import { useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react'
import { Link, useLocation } from 'react-router'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { Avatar } from '../../components/Avatar.tsx'
import { RetryNote } from '../../components/LoadStates.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { formErrorsFrom } from '../../lib/errors.ts'
import { useLimits } from '../../lib/limits.ts'
import { trpc } from '../../lib/trpc.ts'
import { useSession } from '../../lib/session.ts'
import { patchPostInLists } from './postCache.ts'
import { AuthoredText } from './richText.tsx'
import type { Post } from './types.ts'

export type Comment = RouterOutputs['comment']['list']['items'][number]

const PAGE = 20
const plain = new Intl.NumberFormat('en')
/** The counter shows once a comment gets this close to the limit. */
const COUNTER_WITHIN = 200

const commentsInput = (postId: string) => ({ postId, limit: PAGE })

/** Keeps a post's comment count right in every cache after a comment is added or deleted. */
function useCommentCount(post: Post) {
  const utils = trpc.useUtils()
  const queryClient = useQueryClient()
  return (delta: 1 | -1) => {
    const next = (p: Post) => ({ commentCount: Math.max(0, p.commentCount + delta) })
    utils.post.byId.setData({ id: post.id }, (p) => (p ? { ...p, ...next(p) } : p))
    patchPostInLists(queryClient, post.id, next)
  }
}

type ThreadProps = {
  post: Post
  /** comments this viewer just posted that the loaded pages do not reach yet */
  posted: Comment[]
  onForget: (id: string) => void
}

/** The comments under a caption, oldest first, a page at a time. */
export function CommentThread({ post, posted, onForget }: ThreadProps) {
  const list = trpc.comment.list.useInfiniteQuery(commentsInput(post.id), { getNextPageParam: (page) => page.nextCursor })

  if (list.isPending) {
    return (
      <div className="flex justify-center py-6">
        <Spinner className="size-5 text-neutral-400" label="Loading comments" />
      </div>
    )
  }
  if (list.isError && !list.data) {
    return <RetryNote message="Couldn't load the comments." onRetry={() => void list.refetch()} className="items-start py-2" />
  }

  const seen = new Set<string>()
  const loaded = list.data.pages.flatMap((p) => p.items).filter((c) => !seen.has(c.id) && seen.add(c.id))
  const comments = [...loaded, ...posted.filter((c) => !seen.has(c.id))]

  return (
    <section aria-label="Comments" className="space-y-4">
      {comments.length > 0 ? (
        <ul className="space-y-4">
          {comments.map((c) => (
            <CommentItem key={c.id} comment={c} post={post} onDeleted={() => onForget(c.id)} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-neutral-500">No comments yet.</p>
      )}
      {list.hasNextPage ? (
        <button
          type="button"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
          className="flex items-center gap-2 text-sm font-medium text-neutral-500 hover:text-neutral-800"
        >
          {list.isFetchingNextPage ? <Spinner className="size-4" /> : null}
          View more comments
        </button>
      ) : null}
      {list.isFetchNextPageError ? <p className="text-sm text-red-600">Couldn't load more comments. Try again.</p> : null}
    </section>
  )
}

function CommentItem({ comment, post, onDeleted }: { comment: Comment; post: Post; onDeleted: () => void }) {
  const { viewer } = useSession()
  const [confirming, setConfirming] = useState(false)
  const canDelete = viewer !== null && (viewer.id === comment.author.id || viewer.id === post.author.id)
  const username = comment.author.username
  return (
    <li id={`comment-${comment.id}`} className="flex gap-3">
      <Link to={`/${username}`} className="shrink-0 rounded-full" tabIndex={-1} aria-hidden="true">
        <Avatar user={comment.author} size="sm" />
      </Link>
      <div className="min-w-0 flex-1">
        <AuthoredText username={username} text={comment.text} />
        <div className="mt-1 flex items-center gap-3 text-xs text-neutral-500">
          <RelativeTime iso={comment.createdAt} />
          {canDelete ? (
            <button type="button" onClick={() => setConfirming(true)} aria-label="Delete comment" className="font-semibold hover:text-neutral-800">
              Delete
            </button>
          ) : null}
        </div>
      </div>
      {canDelete ? <DeleteCommentDialog comment={comment} post={post} open={confirming} onClose={() => setConfirming(false)} onDeleted={onDeleted} /> : null}
    </li>
  )
}

type DeleteProps = { comment: Comment; post: Post; open: boolean; onClose: () => void; onDeleted: () => void }

function DeleteCommentDialog({ comment, post, open, onClose, onDeleted }: DeleteProps) {
  const utils = trpc.useUtils()
  const { viewer } = useSession()
  const moveCount = useCommentCount(post)
  const remove = trpc.comment.delete.useMutation({
    onSuccess: () => {
      onClose()
      utils.comment.list.setInfiniteData(commentsInput(post.id), (data) =>
        data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((c) => c.id !== comment.id) })) } : data,
      )
      onDeleted()
      moveCount(-1)
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
        {theirs ? `${comment.author.username}'s comment will be removed from your post.` : 'Your comment will be removed from this post.'} You can't undo this.
      </p>
    </ConfirmDialog>
  )
}

type FormProps = {
  post: Post
  /**
   * every comment the viewer posts: a thread shows it at the end until its loaded pages reach it
   * (it skips the ones they already hold); a feed card shows it under the post
   */
  onPosted: (comment: Comment) => void
  inputRef?: Ref<HTMLTextAreaElement>
  /** `boxed` (the post view) draws a rounded field; `bare` (a feed card) only a line under it */
  look?: 'boxed' | 'bare'
}

/** "Add a comment…": Enter posts, Shift+Enter starts a new line. */
export function CommentForm({ post, onPosted, inputRef, look = 'boxed' }: FormProps) {
  const { viewer } = useSession()
  const location = useLocation()
  const utils = trpc.useUtils()
  const moveCount = useCommentCount(post)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const id = useId()
  const { commentLength } = useLimits()

  const add = trpc.comment.add.useMutation({
    onSuccess: (comment) => {
      setText('')
      const input = commentsInput(post.id)
      const data = utils.comment.list.getInfiniteData(input)
      const last = data?.pages[data.pages.length - 1]
      if (data && last && last.nextCursor === null) {
        // Every page is loaded: the new comment is simply the last one.
        utils.comment.list.setInfiniteData(input, {
          ...data,
          pages: data.pages.map((p) => (p === last ? { ...p, items: [...p.items, comment] } : p)),
        })
      }
      onPosted(comment)
      moveCount(1)
      requestAnimationFrame(() => document.getElementById(`comment-${comment.id}`)?.scrollIntoView({ block: 'nearest' }))
    },
    onError: (e) => {
      const errors = formErrorsFrom(e, ['text'] as const)
      setError(errors.fields.text ?? errors.general)
    },
  })

  if (!viewer) {
    return (
      <p className="text-sm text-neutral-600">
        <Link to={`/signin?next=${encodeURIComponent(location.pathname)}`} className="font-semibold text-accent-600 hover:underline">
          Sign in
        </Link>{' '}
        to like or comment.
      </p>
    )
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    if (add.isPending) return
    const checked = commentText.safeParse(text)
    if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'Check your comment and try again.')
    if (checked.data.length > commentLength) return setError(`Comments are at most ${commentLength} characters`)
    setError(null)
    add.mutate({ postId: post.id, text: checked.data })
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault()
      formRef.current?.requestSubmit()
    }
  }

  const length = text.length
  const over = length > commentLength
  const counted = length >= commentLength - COUNTER_WITHIN
  const described = [error ? `${id}-error` : null, counted ? `${id}-count` : null].filter(Boolean).join(' ') || undefined
  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <div
        // The field's own outline is off (it would cut through the box): the box shows the keyboard's ring.
        className={`flex items-end gap-2 bg-white transition-colors focus-within:border-neutral-500 has-[textarea:focus-visible]:outline-2 has-[textarea:focus-visible]:outline-offset-2 has-[textarea:focus-visible]:outline-accent-500 ${
          look === 'boxed' ? 'rounded-2xl border py-1 pr-1 pl-3' : 'border-b'
        } ${error || over ? 'border-red-400 focus-within:border-red-500' : 'border-neutral-200'}`}
      >
        <label htmlFor={id} className="sr-only">
          Add a comment
        </label>
        <textarea
          id={id}
          ref={inputRef}
          rows={1}
          value={text}
          placeholder="Add a comment…"
          onChange={(e) => {
            setText(e.target.value)
            if (error) setError(null)
          }}
          onKeyDown={onKeyDown}
          aria-invalid={error || over ? true : undefined}
          aria-describedby={described}
          className="field-sizing-content max-h-32 min-h-9 flex-1 resize-none bg-transparent py-2 text-sm leading-5 text-neutral-900 placeholder:text-neutral-500 focus:outline-none focus-visible:outline-none"
        />
        <button
          type="submit"
          disabled={text.trim() === '' || add.isPending}
          aria-busy={add.isPending || undefined}
          className="inline-flex h-9 shrink-0 items-center gap-1.5 rounded-xl px-3 text-sm font-semibold text-accent-600 hover:bg-accent-50 hover:text-accent-700 disabled:cursor-not-allowed disabled:bg-transparent disabled:text-accent-600/40"
        >
          {add.isPending ? <Spinner className="size-4" /> : null}
          Post
        </button>
      </div>
      {counted ? (
        <p id={`${id}-count`} className={`mt-1 text-right text-xs tabular-nums ${over ? 'font-semibold text-red-600' : 'text-neutral-500'}`}>
          <span className="sr-only">Characters used: </span>
          {plain.format(length)} / {plain.format(commentLength)}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1.5 text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}
    </form>
  )
}
