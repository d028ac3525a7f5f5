import { getQueryKey } from '@trpc/react-query'
import { useQueryClient } from '@tanstack/react-query'
import { MapPin, MessageCircle } from 'lucide-react'
import { useRef, useState, type CSSProperties, type FormEvent, type MouseEvent, type TouchEvent } from 'react'
import { Link, useLocation } from 'react-router'
import { Avatar } from '../../components/Avatar.tsx'
import { Button } from '../../components/Button.tsx'
import { Dialog } from '../../components/Dialog.tsx'
import { FormAlert } from '../../components/TextField.tsx'
import { formErrorsFrom, generalMessage } from '../../lib/errors.ts'
import { absoluteTime, relativeTime } from '../../lib/time.ts'
import { trpc } from '../../lib/trpc.ts'
import { useSession } from '../auth/session.ts'
import { Carousel } from './Carousel.tsx'
import { CaptionField } from './CaptionField.tsx'
import { CommentForm, CommentThread, type Comment } from './comments.tsx'
import { HeartBurst, LikeButton, LikesLine, useLikeActions } from './likes.tsx'
import { PostMenu } from './PostMenu.tsx'
import { RichText } from './richText.tsx'
import type { Post } from './types.ts'

/** Instagram's range: nothing taller than 4:5 or wider than 1.91:1 sets the frame. */
export const frameAspect = (post: Post) => {
  const first = post.media[0]
  const a = first ? first.width / first.height : 1
  return Math.min(1.91, Math.max(0.8, a))
}

type Props = {
  post: Post
  variant: 'modal' | 'page'
  /** after the author deleted the post (the caches are already updated) */
  onDeleted: () => void
}

const isOnButton = (target: EventTarget) => target instanceof Element && target.closest('button, a') !== null

/**
 * A double-click, or on a touch screen a double-tap, on the photos: likes the post (never
 * unlikes it) and bursts a heart over the photo.
 */
function usePhotoLike(liked: boolean, like: () => void, enabled: boolean) {
  const [bursts, setBursts] = useState<number[]>([])
  const last = useRef(0)
  const tapStart = useRef<{ x: number; y: number } | null>(null)
  const lastTap = useRef<{ t: number; x: number; y: number } | null>(null)

  const fire = () => {
    const now = Date.now()
    // A double-tap can also arrive as a dblclick: one like, one heart.
    if (now - last.current < 500) return
    last.current = now
    setBursts((b) => [...b, now])
    if (!liked) like()
  }

  const handlers = {
    onDoubleClick: (e: MouseEvent) => {
      if (!isOnButton(e.target)) fire()
    },
    onTouchStart: (e: TouchEvent) => {
      const t = e.touches[0]
      tapStart.current = e.touches.length === 1 && t ? { x: t.clientX, y: t.clientY } : null
    },
    onTouchEnd: (e: TouchEvent) => {
      const start = tapStart.current
      const t = e.changedTouches[0]
      tapStart.current = null
      // A swipe through the carousel, or a tap on its arrows, is no tap on the photo.
      if (!start || !t || Math.hypot(t.clientX - start.x, t.clientY - start.y) > 10 || isOnButton(e.target)) {
        lastTap.current = null
        return
      }
      const now = Date.now()
      const prev = lastTap.current
      if (prev && now - prev.t < 320 && Math.hypot(t.clientX - prev.x, t.clientY - prev.y) < 40) {
        e.preventDefault()
        lastTap.current = null
        fire()
      } else {
        lastTap.current = { t: now, x: t.clientX, y: t.clientY }
      }
    },
  }

  const overlay = bursts.map((id) => <HeartBurst key={id} onDone={() => setBursts((b) => b.filter((x) => x !== id))} />)
  return { handlers: enabled ? handlers : {}, overlay }
}

/** One post: its photos and, beside or below them, who posted it, the caption, likes and comments. */
export function PostView({ post, variant, onDeleted }: Props) {
  const { viewer } = useSession()
  const location = useLocation()
  const isAuthor = viewer?.id === post.author.id
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [posted, setPosted] = useState<Comment[]>([])
  const composer = useRef<HTMLTextAreaElement>(null)
  const { like, unlike } = useLikeActions(post)
  const photoLike = usePhotoLike(post.viewerHasLiked, like, viewer !== null)
  const username = post.author.username
  // On a phone the page already has side padding (and the photos bleed past it); the modal has none.
  const inset = variant === 'page' ? 'px-4 max-md:px-0' : 'px-4'
  const fallbackAlt = (i: number) =>
    `Photo${post.media.length > 1 ? ` ${i + 1} of ${post.media.length}` : ''} by ${username}${post.caption && i === 0 ? `: ${post.caption.slice(0, 120)}` : ''}`

  return (
    <article
      data-variant={variant}
      style={{ '--aspect': frameAspect(post) } as CSSProperties}
      className={`post-view bg-white ${variant === 'page' ? 'md:overflow-hidden md:rounded-md md:border md:border-neutral-200' : ''}`}
    >
      <header className={`post-header flex items-center gap-3 border-neutral-200 py-3 md:border-b md:border-l ${inset}`}>
        <Link to={`/${username}`} className="shrink-0 rounded-full" tabIndex={-1} aria-hidden="true">
          <Avatar user={post.author} size="sm" />
        </Link>
        <div className="min-w-0 flex-1 leading-tight">
          <Link to={`/${username}`} className="block truncate text-sm font-semibold text-neutral-900 hover:text-neutral-600">
            {username}
          </Link>
          {post.location ? (
            <p className="mt-0.5 flex items-center gap-1 truncate text-xs text-neutral-600">
              <MapPin className="size-3 shrink-0" aria-hidden="true" />
              <span className="sr-only">Location: </span>
              {post.location.name}
            </p>
          ) : null}
        </div>
        {isAuthor ? <PostMenu onEdit={() => setEditing(true)} onDelete={() => setConfirming(true)} /> : null}
      </header>

      <div
        {...photoLike.handlers}
        className={`post-media relative touch-manipulation bg-neutral-100 select-none md:bg-neutral-950 ${variant === 'page' ? 'max-md:-mx-4' : ''}`}
      >
        <Carousel
          media={post.media}
          fallbackAlt={fallbackAlt}
          // Full width on phones; beside the panel on wider screens, never wider than the 1080 file.
          sizes={variant === 'modal' ? '(max-width: 767px) 100vw, min(calc(100vw - 26rem), 1080px)' : '(max-width: 767px) 100vw, 600px'}
          pageKeys
          className="size-full"
        />
        {photoLike.overlay}
      </div>

      <div className="post-details flex flex-col border-neutral-200 md:border-l">
        <div className={`flex-1 space-y-5 py-3 md:overflow-y-auto md:py-4 ${inset}`}>
          {editing ? (
            <EditCaption post={post} onDone={() => setEditing(false)} />
          ) : post.caption ? (
            <div className="flex gap-3">
              <Link to={`/${username}`} className="hidden shrink-0 rounded-full md:block" tabIndex={-1} aria-hidden="true">
                <Avatar user={post.author} size="sm" />
              </Link>
              <p className="min-w-0 text-sm leading-relaxed break-words whitespace-pre-line text-neutral-900">
                <Link to={`/${username}`} className="mr-1.5 font-semibold hover:text-neutral-600">
                  {username}
                </Link>
                <RichText text={post.caption} />
              </p>
            </div>
          ) : null}
          <CommentThread post={post} posted={posted} onForget={(id) => setPosted((list) => list.filter((c) => c.id !== id))} />
        </div>

        {/* On phones the actions come first, right under the photos; beside them, under the comments. */}
        <div className={`border-neutral-200 pt-1 max-md:order-first md:border-t md:pt-1.5 ${inset}`}>
          <div className="-ml-2 flex items-center">
            <LikeButton post={post} onLike={like} onUnlike={unlike} />
            {viewer ? (
              <button
                type="button"
                aria-label="Comment"
                onClick={() => composer.current?.focus()}
                className="group inline-flex size-10 items-center justify-center rounded-full"
              >
                <MessageCircle className="size-6 -scale-x-100 text-neutral-900 group-hover:text-neutral-500" strokeWidth={1.9} aria-hidden="true" />
              </button>
            ) : (
              <Link
                to={`/signin?next=${encodeURIComponent(location.pathname)}`}
                aria-label="Comment"
                className="group inline-flex size-10 items-center justify-center rounded-full"
              >
                <MessageCircle className="size-6 -scale-x-100 text-neutral-900 group-hover:text-neutral-500" strokeWidth={1.9} aria-hidden="true" />
              </Link>
            )}
          </div>
          <div className="space-y-0.5 pb-2">
            <LikesLine post={post} />
            <p className="text-xs text-neutral-500">
              <time dateTime={post.createdAt} title={absoluteTime(post.createdAt)}>
                {relativeTime(post.createdAt)}
              </time>
            </p>
          </div>
        </div>

        <div className={`border-neutral-200 pt-2 pb-4 md:border-t md:pt-3 ${inset}`}>
          <CommentForm post={post} inputRef={composer} onPosted={(c) => setPosted((list) => [...list, c])} />
        </div>
      </div>

      {isAuthor ? <DeletePostDialog post={post} open={confirming} onClose={() => setConfirming(false)} onDeleted={onDeleted} /> : null}
    </article>
  )
}

function EditCaption({ post, onDone }: { post: Post; onDone: () => void }) {
  const [caption, setCaption] = useState(post.caption)
  const [error, setError] = useState<{ caption?: string | undefined; general?: string | null }>({})
  const utils = trpc.useUtils()
  const update = trpc.post.update.useMutation({
    onSuccess: (updated) => {
      utils.post.byId.setData({ id: updated.id }, updated)
      void utils.post.byUser.invalidate({ username: updated.author.username })
      void utils.tag.posts.invalidate()
      onDone()
    },
    onError: (e) => {
      const errors = formErrorsFrom(e, ['caption'] as const)
      setError({ caption: errors.fields.caption, general: errors.general })
    },
  })

  function save(e: FormEvent) {
    e.preventDefault()
    if (caption === post.caption) return onDone()
    update.mutate({ id: post.id, caption })
  }

  return (
    <form onSubmit={save} className="space-y-3">
      <CaptionField
        value={caption}
        onChange={(v) => {
          setCaption(v)
          setError({})
        }}
        error={error.caption}
        autoFocus
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault()
            e.stopPropagation()
            onDone()
          }
        }}
      />
      <FormAlert message={error.general ?? null} />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone} disabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" pending={update.isPending}>
          Save
        </Button>
      </div>
    </form>
  )
}

type DeleteProps = { post: Post; open: boolean; onClose: () => void; onDeleted: () => void }

function DeletePostDialog({ post, open, onClose, onDeleted }: DeleteProps) {
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
    },
  })

  return (
    <Dialog open={open} onClose={remove.isPending ? () => {} : onClose} title="Delete post?">
      <p className="text-sm leading-relaxed text-neutral-700">
        This post and its {post.media.length === 1 ? 'photo' : `${post.media.length} photos`} will be removed from Mosaic, with its likes
        and comments. You can't undo this.
      </p>
      {remove.isError ? (
        <div className="mt-4">
          <FormAlert message={generalMessage(remove.error)} />
        </div>
      ) : null}
      <div className="mt-6 flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose} disabled={remove.isPending}>
          Cancel
        </Button>
        <Button variant="danger" pending={remove.isPending} onClick={() => remove.mutate({ id: post.id })}>
          Delete
        </Button>
      </div>
    </Dialog>
  )
}
