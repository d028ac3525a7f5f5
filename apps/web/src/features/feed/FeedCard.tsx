import { useRef, useState, type CSSProperties } from 'react'
import { Link, useLocation, useNavigate } from 'react-router'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { useSession } from '../../lib/session.ts'
import { CommentForm, type Comment } from '../posts/comments.tsx'
import { DeletePostDialog } from '../posts/DeletePostDialog.tsx'
import { LikesLine, useLikeActions } from '../posts/likes.tsx'
import { Caption, frameAspect, PostActions, PostAuthor, PostPhotos } from '../posts/PostParts.tsx'
import { PostMenu } from '../posts/PostMenu.tsx'
import { AuthoredText } from '../posts/richText.tsx'
import type { Post } from '../posts/types.ts'

const plain = new Intl.NumberFormat('en')

type Props = {
  post: Post
  /** 1-based place in the feed, and how many there are (-1 while more may load), for assistive tech */
  position: number
  setSize: number
}

/**
 * One post in the home feed: who and when, the photos and videos (double-tap to like), likes, the caption
 * cut short, a link to the comments in the post modal, and a box to add one here.
 */
export function FeedCard({ post, position, setSize }: Props) {
  const location = useLocation()
  const { like, unlike } = useLikeActions(post)
  const composer = useRef<HTMLTextAreaElement>(null)
  // The viewer's comments from this card, shown under it as on Instagram.
  const [posted, setPosted] = useState<Comment[]>([])
  // The author's own post whose clip could not be processed offers its deletion right on the card.
  const { viewer } = useSession()
  const isOwn = viewer?.id === post.author.id
  const failedOwn = isOwn && post.media.some((m) => m.state === 'failed')
  const navigate = useNavigate()
  // The post opens in the modal over the feed, from its time or a click on its photo.
  const postLink = { to: `/p/${post.id}`, state: { background: location } }
  const [confirming, setConfirming] = useState(false)
  const comments = post.commentCount
  const dot = (
    <span aria-hidden="true" className="text-neutral-400">
      •
    </span>
  )

  return (
    <article
      aria-label={`Post by ${post.author.username}`}
      aria-posinset={position}
      aria-setsize={setSize}
      tabIndex={-1}
      className="pb-4 focus-visible:outline-offset-4"
    >
      <header className="flex items-center gap-3 pb-3">
        <PostAuthor
          post={post}
          after={
            <>
              {dot}
              <Link {...postLink} className="shrink-0 text-sm whitespace-nowrap text-neutral-500 hover:text-neutral-700 hover:underline">
                <RelativeTime iso={post.createdAt} />
              </Link>
            </>
          }
        />
        {/* Everyone in the home feed but the viewer is someone they follow. */}
        <PostMenu post={post} following={!isOwn} onDelete={isOwn ? () => setConfirming(true) : undefined} />
      </header>

      <PostPhotos
        post={post}
        onLike={like}
        // Edge to edge on phones; the 470px column beside the sidebar from md.
        sizes="(max-width: 767px) 100vw, 470px"
        // The first card's photo is the page's largest paint: fetched first. The rest wait until near the screen.
        priority={position === 1 ? 'high' : 'lazy'}
        onDelete={failedOwn ? () => setConfirming(true) : undefined}
        onOpen={() => void navigate(postLink.to, { state: postLink.state })}
        style={{ aspectRatio: frameAspect(post) } as CSSProperties}
        className="-mx-4 overflow-hidden bg-neutral-100 md:mx-0 md:rounded-md md:border md:border-neutral-200"
      />

      <div className="pt-1">
        <PostActions post={post} onLike={like} onUnlike={unlike} onComment={() => composer.current?.focus()} />
      </div>
      <div className="space-y-1.5">
        <LikesLine post={post} />
        {post.caption ? <Caption post={post} clamp /> : null}
        {comments > 0 ? (
          <Link {...postLink} className="block text-sm text-neutral-500 hover:text-neutral-700">
            {comments === 1 ? 'View 1 comment' : `View all ${plain.format(comments)} comments`}
          </Link>
        ) : null}
        {posted.length > 0 ? (
          <ul aria-label="Your comments" className="space-y-1">
            {posted.map((c) => (
              <li key={c.id}>
                <AuthoredText username={c.author.username} text={c.text} />
              </li>
            ))}
          </ul>
        ) : null}
        {post.commentsDisabled ? null : <CommentForm post={post} inputRef={composer} look="bare" onPosted={(c) => setPosted((list) => [...list, c])} />}
      </div>
      {isOwn ? <DeletePostDialog post={post} open={confirming} onClose={() => setConfirming(false)} onDeleted={() => setConfirming(false)} /> : null}
    </article>
  )
}
