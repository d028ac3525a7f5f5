import { commentText } from '@mosaic/validators'
import { useQueryClient } from '@tanstack/react-query'
import { X } from 'lucide-react'
import { useEffect, useId, useImperativeHandle, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react'
import { Link, useLocation } from 'react-router'
import { Spinner } from '../../components/Spinner.tsx'
import { formErrorsFrom } from '../../lib/errors.ts'
import { useLimits } from '../../lib/limits.ts'
import { trpc } from '../../lib/trpc.ts'
import { useSession } from '../../lib/session.ts'
import { addReply, commentsInput, useCommentCount, type Comment, type ReplyTarget } from './commentCache.ts'
import { useMentions } from './mentions.tsx'
import type { Post } from './types.ts'

const plain = new Intl.NumberFormat('en')
/** The counter shows once a comment gets this close to the limit. */
const COUNTER_WITHIN = 200

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
  /** the comment being answered ("Reply" under it): the field starts with @its author and the reply joins its thread */
  replyTo?: ReplyTarget | null
  onCancelReply?: () => void
}

/** "Add a comment…": Enter posts, Shift+Enter starts a new line, @ suggests people to mention. */
export function CommentForm({ post, onPosted, inputRef, look = 'boxed', replyTo = null, onCancelReply }: FormProps) {
  const { viewer } = useSession()
  const location = useLocation()
  const utils = trpc.useUtils()
  const queryClient = useQueryClient()
  const moveCount = useCommentCount(post)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const fieldRef = useRef<HTMLTextAreaElement>(null)
  useImperativeHandle(inputRef, () => fieldRef.current!, [])
  const id = useId()
  const { commentLength } = useLimits()
  const mentions = useMentions({ value: text, onChange: setText, fieldRef, placement: 'above' })

  // "Reply" starts the answer with @username, as Instagram does, and puts the caret after it.
  useEffect(() => {
    if (!replyTo) return
    const start = `@${replyTo.username} `
    setText((t) => (t.startsWith(start) ? t : start + t.replace(/^@[a-z0-9._]+ /i, '')))
    const field = fieldRef.current
    if (field) {
      field.focus()
      requestAnimationFrame(() => field.setSelectionRange(field.value.length, field.value.length))
    }
  }, [replyTo])

  const add = trpc.comment.add.useMutation({
    onSuccess: (comment) => {
      setText('')
      moveCount(1)
      if (comment.parentId) {
        addReply(queryClient, comment)
        onCancelReply?.()
        requestAnimationFrame(() => document.getElementById(`comment-${comment.id}`)?.scrollIntoView({ block: 'nearest' }))
        return
      }
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
      requestAnimationFrame(() => document.getElementById(`comment-${comment.id}`)?.scrollIntoView({ block: 'nearest' }))
    },
    onError: (e) => {
      const errors = formErrorsFrom(e, ['text'] as const)
      setError(errors.fields.text ?? errors.general)
    },
  })

  // Leaving a reply takes back the @username it started with, and nothing the viewer wrote.
  const cancelReply = () => {
    if (replyTo) setText((t) => (t.trim() === `@${replyTo.username}` ? '' : t))
    onCancelReply?.()
  }

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
    add.mutate({ postId: post.id, text: checked.data, parentId: replyTo?.parentId ?? null })
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    mentions.fieldProps.onKeyDown(e)
    if (e.isPropagationStopped()) return
    if (e.key === 'Escape' && replyTo) {
      e.preventDefault()
      e.stopPropagation()
      return cancelReply()
    }
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
      {replyTo ? (
        <div className="mb-2 flex items-center justify-between gap-2 rounded-lg bg-neutral-100 py-1 pr-1 pl-3 text-xs text-neutral-600">
          <span className="min-w-0 truncate">
            Replying to <span className="font-semibold text-neutral-900">{replyTo.username}</span>
          </span>
          <button
            type="button"
            onClick={cancelReply}
            aria-label="Cancel reply"
            className="inline-flex size-6 shrink-0 items-center justify-center rounded-full hover:bg-neutral-200 hover:text-neutral-900"
          >
            <X className="size-3.5" aria-hidden="true" />
          </button>
        </div>
      ) : null}
      <div
        // The field's own outline is off (it would cut through the box): the box shows the keyboard's ring.
        className={`relative flex items-end gap-2 bg-white transition-colors focus-within:border-neutral-500 has-[textarea:focus-visible]:outline-2 has-[textarea:focus-visible]:outline-offset-2 has-[textarea:focus-visible]:outline-accent-500 ${
          look === 'boxed' ? 'rounded-2xl border py-1 pr-1 pl-3' : 'border-b'
        } ${error || over ? 'border-red-400 focus-within:border-red-500' : 'border-neutral-200'}`}
      >
        <label htmlFor={id} className="sr-only">
          Add a comment
        </label>
        <textarea
          id={id}
          ref={fieldRef}
          rows={1}
          value={text}
          placeholder={replyTo ? `Reply to ${replyTo.username}…` : 'Add a comment…'}
          {...mentions.fieldProps}
          onChange={(e) => {
            setText(e.target.value)
            mentions.changed(e.target)
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
        {mentions.list}
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
