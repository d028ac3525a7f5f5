import { useRef, useState, type CSSProperties } from 'react'
import { Link } from 'react-router'
import { Avatar } from '../../components/Avatar.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { useSession } from '../../lib/session.ts'
import { CommentForm, CommentThread, type Comment, type ReplyTarget } from './comments.tsx'
import { DeletePostDialog } from './DeletePostDialog.tsx'
import { EditCaption } from './EditCaption.tsx'
import { LikesLine, useLikeActions } from './likes.tsx'
import { Caption, frameAspect, PostActions, PostAuthor, PostPhotos } from './PostParts.tsx'
import { PostMenu } from './PostMenu.tsx'
import type { Post } from './types.ts'

type Props = {
  post: Post
  variant: 'modal' | 'page'
  /** after the author deleted the post (the caches are already updated) */
  onDeleted: () => void
  /** ←/→ anywhere move through the photos (off when they step between posts instead) */
  photoKeys?: boolean
}

/** One post: its photos and videos and, beside or below them, who posted it, the caption, likes and comments. */
export function PostView({ post, variant, onDeleted, photoKeys = true }: Props) {
  const { viewer } = useSession()
  const isAuthor = viewer?.id === post.author.id
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [posted, setPosted] = useState<Comment[]>([])
  const [replyTo, setReplyTo] = useState<ReplyTarget | null>(null)
  const composer = useRef<HTMLTextAreaElement>(null)
  const { like, unlike } = useLikeActions(post)
  const username = post.author.username
  // On a phone the page already has side padding (and the photos bleed past it); the modal has none.
  const inset = variant === 'page' ? 'px-4 max-md:px-0' : 'px-4'

  return (
    <article
      data-variant={variant}
      style={{ '--aspect': frameAspect(post) } as CSSProperties}
      className={`post-view bg-white ${variant === 'page' ? 'md:overflow-hidden md:rounded-md md:border md:border-neutral-200' : ''}`}
    >
      <header className={`post-header flex items-center gap-3 border-neutral-200 py-3 md:border-b md:border-l ${inset}`}>
        <PostAuthor post={post} />
        <PostMenu post={post} onPostPage={variant === 'page'} onEdit={() => setEditing(true)} onDelete={() => setConfirming(true)} />
      </header>

      <PostPhotos
        post={post}
        onLike={like}
        // Full width on phones; beside the panel on wider screens, never wider than the 1080 file.
        sizes={variant === 'modal' ? '(max-width: 767px) 100vw, min(calc(100vw - 26rem), 1080px)' : '(max-width: 767px) 100vw, 600px'}
        pageKeys={photoKeys}
        priority="high"
        onDelete={isAuthor ? () => setConfirming(true) : undefined}
        className={`post-media bg-neutral-100 md:bg-neutral-950 ${variant === 'page' ? 'max-md:-mx-4' : ''}`}
      />

      <div className="post-details flex min-h-0 flex-col border-neutral-200 md:border-l">
        {/* Editing takes the whole panel, its buttons pinned at the bottom, always in reach. */}
        {editing ? <EditCaption post={post} inset={inset} onDone={() => setEditing(false)} /> : null}
        <div hidden={editing} className={`min-h-0 flex-1 space-y-5 py-3 md:overflow-y-auto md:py-4 ${inset}`}>
          {post.caption ? (
            <div className="flex gap-3">
              <Link to={`/${username}`} className="hidden shrink-0 rounded-full md:block" tabIndex={-1} aria-hidden="true">
                <Avatar user={post.author} size="sm" />
              </Link>
              <Caption post={post} />
            </div>
          ) : null}
          <CommentThread post={post} posted={posted} onForget={(id) => setPosted((list) => list.filter((c) => c.id !== id))} onReply={setReplyTo} />
        </div>

        {/* On phones the actions come first, right under the photos; beside them, under the comments. */}
        <div hidden={editing} className={`border-neutral-200 pt-1 max-md:order-first md:border-t md:pt-1.5 ${inset}`}>
          <PostActions post={post} onLike={like} onUnlike={unlike} onComment={() => composer.current?.focus()} />
          <div className="space-y-0.5 pb-2">
            <LikesLine post={post} />
            <p className="text-xs text-neutral-500">
              <Link to={`/p/${post.id}`} className="hover:text-neutral-700 hover:underline">
                <RelativeTime iso={post.createdAt} />
              </Link>
            </p>
          </div>
        </div>

        <div hidden={editing} className={`border-neutral-200 pt-2 pb-4 md:border-t md:pt-3 ${inset}`}>
          {post.commentsDisabled ? (
            <p className="py-2 text-sm text-neutral-500">Comments on this post have been turned off.</p>
          ) : (
            <CommentForm
              post={post}
              inputRef={composer}
              onPosted={(c) => setPosted((list) => [...list, c])}
              replyTo={replyTo}
              onCancelReply={() => setReplyTo(null)}
            />
          )}
        </div>
      </div>

      {isAuthor ? <DeletePostDialog post={post} open={confirming} onClose={() => setConfirming(false)} onDeleted={onDeleted} /> : null}
    </article>
  )
}
