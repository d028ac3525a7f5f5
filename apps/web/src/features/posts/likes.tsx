import { useQueryClient } from '@tanstack/react-query'
import { Heart } from 'lucide-react'
import { useRef, useState, type MouseEvent, type TouchEvent } from 'react'
import { Link, useLocation } from 'react-router'
import { Dialog } from '../../components/Dialog.tsx'
import { generalMessage } from '../../lib/errors.ts'
import { inFlight } from '../../lib/inFlight.ts'
import { useToast } from '../../lib/toast.tsx'
import { trpc } from '../../lib/trpc.ts'
import { useSession } from '../../lib/session.ts'
import { FollowButton } from '../../components/FollowButton.tsx'
import { UserList } from '../../components/UserList.tsx'
import { patchPostInLists } from './postCache.ts'
import type { Post } from './types.ts'

const plain = new Intl.NumberFormat('en')

/**
 * Like and unlike, optimistically: the heart and the count change at once and go back if the
 * server refuses (a rate limit, a block), with the server's reason in a toast.
 */
export function useLikeActions(post: Post) {
  const utils = trpc.useUtils()
  const queryClient = useQueryClient()
  const toast = useToast()
  const id = post.id
  const key = `like:${id}`

  const set = (state: { likeCount: number; viewerHasLiked: boolean }) => {
    utils.post.byId.setData({ id }, (p) => (p ? { ...p, ...state } : p))
    patchPostInLists(queryClient, id, () => state)
  }

  const optimistic = async (liked: boolean) => {
    inFlight.begin(key)
    await utils.post.byId.cancel({ id })
    const before = utils.post.byId.getData({ id }) ?? post
    if (before.viewerHasLiked !== liked) set({ viewerHasLiked: liked, likeCount: Math.max(0, before.likeCount + (liked ? 1 : -1)) })
    return { before: { likeCount: before.likeCount, viewerHasLiked: before.viewerHasLiked } }
  }

  const options = {
    // Same scope: a like and the unlike right after it reach the server in that order.
    scope: { id: key },
    onSuccess: (state: { likeCount: number; viewerHasLiked: boolean }) => {
      if (inFlight.isLast(key)) set(state)
    },
    onError: (error: unknown, _input: unknown, context: { before: { likeCount: number; viewerHasLiked: boolean } } | undefined) => {
      if (context && inFlight.isLast(key)) set(context.before)
      toast(generalMessage(error))
    },
    onSettled: () => {
      inFlight.end(key)
      void utils.post.likers.invalidate({ id }, { refetchType: 'none' })
    },
  }
  const like = trpc.post.like.useMutation({ ...options, onMutate: () => optimistic(true) })
  const unlike = trpc.post.unlike.useMutation({ ...options, onMutate: () => optimistic(false) })

  return {
    like: () => like.mutate({ id }),
    unlike: () => unlike.mutate({ id }),
  }
}

type LikeButtonProps = { post: Post; onLike: () => void; onUnlike: () => void }

/** The heart under the photos. */
export function LikeButton({ post, onLike, onUnlike }: LikeButtonProps) {
  const { viewer } = useSession()
  const location = useLocation()
  // The heart pops when the viewer likes, not whenever a liked post opens.
  const [pops, setPops] = useState(0)
  const liked = post.viewerHasLiked
  const icon = `size-6 ${liked ? `fill-red-500 text-red-500 ${pops > 0 ? 'like-pop' : ''}` : 'text-neutral-900 group-hover:text-neutral-500'}`
  const box = 'group inline-flex size-10 items-center justify-center rounded-full'
  if (!viewer) {
    return (
      <Link to={`/signin?next=${encodeURIComponent(location.pathname)}`} aria-label="Like" className={box}>
        <Heart className={icon} strokeWidth={1.9} aria-hidden="true" />
      </Link>
    )
  }
  return (
    <button
      type="button"
      aria-pressed={liked}
      aria-label={liked ? 'Unlike' : 'Like'}
      onClick={() => {
        if (liked) return onUnlike()
        setPops((n) => n + 1)
        onLike()
      }}
      className={box}
    >
      <Heart key={pops} className={icon} strokeWidth={1.9} aria-hidden="true" />
    </button>
  )
}

/** "12 likes", opening who liked it; with none yet, an invitation instead. */
export function LikesLine({ post }: { post: Post }) {
  const { viewer } = useSession()
  const [open, setOpen] = useState(false)
  const n = post.likeCount
  if (n === 0) {
    const mine = viewer?.id === post.author.id
    return <p className="text-sm text-neutral-600">{mine || !viewer ? 'No likes yet' : 'Be the first to like this'}</p>
  }
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className="text-sm font-semibold text-neutral-900 hover:text-neutral-600">
        {plain.format(n)} {n === 1 ? 'like' : 'likes'}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Likes">
        <Likers postId={post.id} />
      </Dialog>
    </>
  )
}

function Likers({ postId }: { postId: string }) {
  const likers = trpc.post.likers.useInfiniteQuery({ id: postId, limit: 20 }, { getNextPageParam: (page) => page.nextCursor })
  return (
    <UserList
      query={likers}
      label="People who liked this post"
      empty="No likes yet."
      action={(user) => <FollowButton username={user.username} />}
    />
  )
}

/** The big heart that pops over the photo on a double-click or double-tap. */
export function HeartBurst({ onDone }: { onDone: () => void }) {
  return (
    <span aria-hidden="true" className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center">
      <Heart className="heart-burst size-24 fill-white text-white drop-shadow-[0_2px_12px_rgb(0_0_0/0.35)]" strokeWidth={1} onAnimationEnd={onDone} />
    </span>
  )
}

const isOnButton = (target: EventTarget) => target instanceof Element && target.closest('button, a') !== null

/**
 * A double-click, or on a touch screen a double-tap, on the photos: likes the post (never
 * unlikes it) and bursts a heart over the photo.
 */
export function usePhotoLike(liked: boolean, like: () => void, enabled: boolean) {
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
