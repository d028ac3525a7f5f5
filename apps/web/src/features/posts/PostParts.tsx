import { MapPin, MessageCircle } from 'lucide-react'
import { useEffect, useRef, useState, type CSSProperties, type MouseEvent, type ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { Avatar } from '../../components/Avatar.tsx'
import { placeHref } from '../../lib/places.ts'
import { useSession } from '../../lib/session.ts'
import { Carousel } from './Carousel.tsx'
import { LikeButton, usePhotoLike } from './likes.tsx'
import { AuthoredText } from './richText.tsx'
import { SaveButton } from './saved.tsx'
import type { Post } from './types.ts'

/*
 * The pieces a post is made of, shared by the post view (modal and page) and the home feed's cards.
 */

/** Instagram's range: nothing taller than 4:5 or wider than 1.91:1 sets the frame. */
export const frameAspect = (post: Post) => {
  const first = post.media[0]
  const a = first ? first.width / first.height : 1
  return Math.min(1.91, Math.max(0.8, a))
}

/** Who posted it (picture and username, both to the profile) and where; `after` sits beside the username. */
export function PostAuthor({ post, after }: { post: Post; after?: ReactNode }) {
  const username = post.author.username
  return (
    <>
      <Link to={`/${username}`} className="shrink-0 rounded-full" tabIndex={-1} aria-hidden="true">
        <Avatar user={post.author} size="sm" />
      </Link>
      <div className="min-w-0 flex-1 leading-tight">
        <div className="flex min-w-0 items-baseline gap-1">
          <Link to={`/${username}`} className="truncate text-sm font-semibold text-neutral-900 hover:text-neutral-600">
            {username}
          </Link>
          {after}
        </div>
        {post.location ? (
          <p className="mt-0.5 flex min-w-0 text-xs text-neutral-600">
            <Link to={placeHref(post.location)} className="flex min-w-0 items-center gap-1 hover:text-neutral-900 hover:underline">
              <MapPin className="size-3 shrink-0" aria-hidden="true" />
              <span className="sr-only">Location: </span>
              <span className="truncate">{post.location.name}</span>
            </Link>
          </p>
        ) : null}
      </div>
    </>
  )
}

type PhotosProps = {
  post: Post
  onLike: () => void
  /** the `sizes` attribute for the photos, matching the layout they sit in */
  sizes: string
  pageKeys?: boolean
  /** how the first photo loads (Carousel's `priority`) */
  priority?: 'high' | 'eager' | 'lazy'
  className?: string
  style?: CSSProperties
  /** the author's way to delete the post (offered on a clip that could not be processed) */
  onDelete?: () => void
  /** a single click on a photo opens the post (a double click likes it instead) */
  onOpen?: () => void
}

/** The photos and videos in a carousel; a double-click or double-tap on them likes the post. */
export function PostPhotos({ post, onLike, sizes, pageKeys = false, priority, className = '', style, onDelete, onOpen }: PhotosProps) {
  const { viewer } = useSession()
  const photoLike = usePhotoLike(post.viewerHasLiked, onLike, viewer !== null)
  const count = post.media.length
  const fallbackAlt = (i: number) =>
    `${post.media[i]?.kind === 'video' ? 'Video' : 'Photo'}${count > 1 ? ` ${i + 1} of ${count}` : ''} by ${post.author.username}${post.caption && i === 0 ? `: ${post.caption.slice(0, 120)}` : ''}`
  const openOnClick = useSingleClick(onOpen)
  return (
    <div {...photoLike.handlers} onClick={openOnClick} style={style} className={`relative touch-manipulation select-none ${onOpen ? 'cursor-pointer' : ''} ${className}`}>
      <Carousel media={post.media} postId={post.id} fallbackAlt={fallbackAlt} sizes={sizes} pageKeys={pageKeys} priority={priority} onDelete={onDelete} className="size-full" />
      {photoLike.overlay}
    </div>
  )
}

/**
 * A click that is not the first of a double click (which likes), nor on a control (the carousel's
 * arrows and dots, a video's controls): waits out the double-click time, then runs `action`.
 */
function useSingleClick(action: (() => void) | undefined) {
  const timer = useRef<number | undefined>(undefined)
  useEffect(() => () => window.clearTimeout(timer.current), [])
  if (!action) return undefined
  return (e: MouseEvent) => {
    window.clearTimeout(timer.current)
    if (e.detail > 1 || (e.target instanceof Element && e.target.closest('button, a, video, input'))) return
    timer.current = window.setTimeout(action, 300)
  }
}

const iconBox = 'group inline-flex size-10 items-center justify-center rounded-full'
const commentIcon = <MessageCircle className="size-6 -scale-x-100 text-neutral-900 group-hover:text-neutral-500" strokeWidth={1.9} aria-hidden="true" />

type ActionsProps = { post: Post; onLike: () => void; onUnlike: () => void; onComment: () => void }

/** The heart and the comment button under the photos, the bookmark at the far end (signed out, all lead to sign-in). */
export function PostActions({ post, onLike, onUnlike, onComment }: ActionsProps) {
  const { viewer } = useSession()
  const location = useLocation()
  return (
    <div className="-mx-2 flex items-center">
      <LikeButton post={post} onLike={onLike} onUnlike={onUnlike} />
      {post.commentsDisabled ? null : viewer ? (
        <button type="button" aria-label="Comment" onClick={onComment} className={iconBox}>
          {commentIcon}
        </button>
      ) : (
        <Link to={`/signin?next=${encodeURIComponent(location.pathname)}`} aria-label="Comment" className={iconBox}>
          {commentIcon}
        </Link>
      )}
      <SaveButton post={post} />
    </div>
  )
}

const CLAMP_CHARS = 80
const CLAMP_LINES = 2

/**
 * The start of a long caption: at most two lines and about 80 characters (leaving room for
 * "… more"), cut at a space so no #tag or @mention is cut in half; null when it is that short.
 */
export function captionPreview(caption: string): string | null {
  let cut = caption.split('\n').slice(0, CLAMP_LINES).join('\n')
  if (cut.length > CLAMP_CHARS) {
    const space = cut.lastIndexOf(' ', CLAMP_CHARS)
    cut = cut.slice(0, space > CLAMP_CHARS / 2 ? space : CLAMP_CHARS)
  }
  cut = cut.trimEnd()
  return cut.length < caption.trimEnd().length ? cut : null
}

/** The author's username, then the caption with its #tags and @mentions linked; `clamp` shortens a long one behind "more". */
export function Caption({ post, clamp = false }: { post: Post; clamp?: boolean }) {
  const [expanded, setExpanded] = useState(false)
  const preview = clamp && !expanded ? captionPreview(post.caption) : null
  return (
    <AuthoredText username={post.author.username} text={preview ?? post.caption}>
      {preview !== null ? (
        <>
          …{' '}
          <button type="button" onClick={() => setExpanded(true)} className="text-neutral-500 hover:text-neutral-700">
            more
          </button>
        </>
      ) : null}
    </AuthoredText>
  )
}
