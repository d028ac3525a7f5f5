import { AlertCircle, Copy, Heart, MessageCircle, Play } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { clipLength } from '../../lib/format.ts'
import { InfinitePosts, type PostPagesQuery } from './InfinitePosts.tsx'
import { MediaImage } from './MediaImage.tsx'
import type { Post, PostModalState } from './types.ts'

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })

/** What a grid square says to a screen reader: the cover's alt text, or who posted it and what. */
function coverAlt(post: Post): string {
  const cover = post.media[0]
  if (cover?.alt) return cover.alt
  const caption = post.caption.trim()
  return `${cover?.kind === 'video' ? 'Video' : 'Photo'} by ${post.author.username}${caption ? `: ${caption.length > 100 ? `${caption.slice(0, 100)}…` : caption}` : ''}`
}

/** What the tile's badges say: "video of 0:12", "3 photos", "video, 2 photos and videos"; null for one photo. */
function tileAside(post: Post): string | null {
  const cover = post.media[0]
  const count = post.media.length
  const isVideo = cover?.kind === 'video'
  if (!isVideo && count < 2) return null
  const videos = post.media.filter((m) => m.kind === 'video').length
  const what = videos === 0 ? 'photos' : videos === count ? 'videos' : 'photos and videos'
  const length = isVideo && cover.durationMs !== undefined ? clipLength(cover.durationMs) : null
  return [isVideo ? `video${length ? ` of ${length}` : ''}` : null, count > 1 ? `${count} ${what}` : null].filter(Boolean).join(', ')
}

/**
 * The tile's accessible name, set on the link itself so it never depends on whether a lazy
 * image has loaded: "Tulips on the table (2 photos)", "Photo by ana: sunset".
 */
/**
 * Square thumbnails, three across. Each opens its post in a modal over this page (the page is
 * passed along as the background location, and the grid's posts as the gallery the modal steps
 * through with ←/→); opened in a new tab it is the post page.
 */
export function PostGrid({ posts, label = 'Posts' }: { posts: Post[]; label?: string }) {
  const location = useLocation()
  const gallery = posts.map((p) => p.id)
  return (
    <ul aria-label={label} className="grid grid-cols-3 gap-0.5 md:gap-1">
      {posts.map((post) => {
        const cover = post.media[0]
        return (
          <li key={post.id}>
            <Link
              to={`/p/${post.id}`}
              state={{ background: location, gallery } satisfies PostModalState}
              className="group relative block aspect-square overflow-hidden bg-neutral-100"
            >
              {cover ? (
                <MediaImage media={cover} postId={post.id} alt={coverAlt(post)} variant="thumb" className="size-full object-cover" />
              ) : (
                <span className="flex size-full items-center justify-center text-neutral-400">
                  <AlertCircle className="size-6" aria-label={coverAlt(post)} />
                </span>
              )}
              {/* The name is the cover's alt text and this, not an aria-label: a label would hide what the
                  tile shows in words (a clip still processing) from the name. */}
              {tileAside(post) ? <span className="sr-only">{` (${tileAside(post)})`}</span> : null}
              <TileBadges post={post} />
              {/* The counts on hover, as on Instagram; the post itself has them for everyone else. */}
              <span
                aria-hidden="true"
                className="absolute inset-0 hidden items-center justify-center gap-6 bg-black/30 text-sm font-bold text-white group-hover:flex"
              >
                <span className="flex items-center gap-1.5">
                  <Heart className="size-5 fill-white" /> {compact.format(post.likeCount)}
                </span>
                <span className="flex items-center gap-1.5">
                  <MessageCircle className="size-5 fill-white" /> {compact.format(post.commentCount)}
                </span>
              </span>
            </Link>
          </li>
        )
      })}
    </ul>
  )
}

const badgeIcon = 'size-5 text-white drop-shadow-[0_1px_2px_rgb(0_0_0/0.6)]'

/**
 * Top right of a tile: a video's length (when the cover is a clip) and the carousel mark (when
 * there are more); screen readers hear the same in the tile's name (tileAside).
 */
function TileBadges({ post }: { post: Post }) {
  const cover = post.media[0]
  const count = post.media.length
  const isVideo = cover?.kind === 'video'
  if (!isVideo && count < 2) return null
  const length = isVideo && cover.durationMs !== undefined ? clipLength(cover.durationMs) : null
  return (
    <>
      <span aria-hidden="true" className="absolute top-2 right-2 flex items-center gap-1.5">
        {isVideo ? (
          // A dark pill, so the length reads over any frame.
          <span className="flex h-5 items-center gap-1 rounded-full bg-black/50 px-1.5 text-xs font-semibold text-white tabular-nums">
            <Play className="size-3 fill-white text-white" />
            {length}
          </span>
        ) : null}
        {count > 1 ? <Copy className={`${badgeIcon} -scale-x-100`} /> : null}
      </span>
    </>
  )
}

function GridSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading posts" className="grid animate-pulse grid-cols-3 gap-0.5 md:gap-1">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="aspect-square bg-neutral-100" />
      ))}
    </div>
  )
}

/** A grid that loads the next page as its end scrolls into view. */
export function InfinitePostGrid({ query, empty, label }: { query: PostPagesQuery; empty: ReactNode; label?: string }) {
  return (
    <InfinitePosts query={query} loading={<GridSkeleton />} empty={empty}>
      {(posts) => <PostGrid posts={posts} label={label} />}
    </InfinitePosts>
  )
}
