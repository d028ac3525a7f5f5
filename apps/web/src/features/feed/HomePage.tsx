import { CircleCheck, Images } from 'lucide-react'
import { useEffect, useId, type KeyboardEvent } from 'react'
import { Link, useLocation } from 'react-router'
import { Avatar } from '../../components/Avatar.tsx'
import { buttonClass } from '../../components/Button.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { trpc } from '../../lib/trpc.ts'
import { useMediaQuery } from '../../lib/useMediaQuery.ts'
import { useRankMode, type RankMode } from '../../lib/useRankMode.ts'
import { useSession } from '../../lib/session.ts'
import { InfinitePosts } from '../posts/InfinitePosts.tsx'
import { StoryTray } from '../stories/StoryTray.tsx'
import type { Post } from '../posts/types.ts'
import { FeedCard } from './FeedCard.tsx'
import { feedTabId, FeedModeTabs } from './FeedModeTabs.tsx'
import { Suggestions, type SuggestionsQuery } from './Suggestions.tsx'

const PAGE = 10

/**
 * On a first load at /, asks for the feed's first page in the same batch as the session (the app
 * asks who is signed in before it renders a page), instead of one round trip after it. Signed out,
 * the server says UNAUTHORIZED to this one call and the sign-in page shows as before.
 */
export function usePrefetchHomeFeed() {
  const utils = trpc.useUtils()
  const { pathname } = useLocation()
  const [mode] = useRankMode('mosaic.feedMode')
  const home = pathname === '/'
  useEffect(() => {
    if (home) void utils.feed.home.prefetchInfinite({ mode, limit: PAGE })
    // Once, on the page load's first render (no dependencies on purpose).
  }, [])
}

/**
 * Home: the posts of the people you follow (and your own), ranked (Top) or newest first (Latest),
 * with people to follow beside it on wide screens, or instead of it while it is empty.
 */
export function HomePage() {
  const [mode, setMode] = useRankMode('mosaic.feedMode')
  const wide = useMediaQuery('(min-width: 64rem)')
  const panelId = useId()
  // Each mode pages with its own cursors, so each is its own query, starting from the first page.
  const feed = trpc.feed.home.useInfiniteQuery({ mode, limit: PAGE }, { getNextPageParam: (page) => page.nextCursor })
  // Held here, not in the lists, so a list that moves (from the empty state to the side) keeps its rows.
  const suggestions = trpc.user.suggestions.useQuery({ limit: 10 })
  const hasPosts = feed.data?.pages.some((p) => p.items.length > 0) ?? false
  const empty = feed.data !== undefined && !hasPosts && !feed.hasNextPage

  return (
    <div className="flex justify-center gap-8 xl:gap-14">
      <title>Mosaic</title>
      <div className="w-full max-w-[470px] min-w-0">
        <StoryTray />
        {empty ? null : (
          <>
            <h1 className="sr-only">Home</h1>
            <FeedModeTabs mode={mode} onChange={setMode} panelId={panelId} />
          </>
        )}
        <div id={panelId} role={empty ? undefined : 'tabpanel'} aria-labelledby={empty ? undefined : feedTabId(mode)} className={empty ? '' : 'pt-5'}>
          <InfinitePosts
            query={feed}
            loading={<FeedSkeleton />}
            empty={<EmptyFeed suggestions={suggestions} />}
            end={
              <>
                <CaughtUp mode={mode} />
                {/* Without the side column, the suggestions wait at the end. */}
                {wide ? null : <Suggestions query={suggestions} compact layout="strip" className="border-t border-neutral-200 pt-6" />}
              </>
            }
          >
            {(posts) => <Feed posts={posts} complete={!feed.hasNextPage} busy={feed.isFetchingNextPage} />}
          </InfinitePosts>
        </div>
      </div>
      {wide && hasPosts ? (
        <aside aria-label="Suggestions" className="w-72 shrink-0">
          <div className="sticky top-10 space-y-6">
            <ViewerRow />
            <Suggestions query={suggestions} compact />
          </div>
        </aside>
      ) : null}
    </div>
  )
}

/** Page Down and Page Up move between posts (the ARIA feed pattern), unless the person is typing. */
function onFeedKeyDown(e: KeyboardEvent<HTMLElement>) {
  if (e.key !== 'PageDown' && e.key !== 'PageUp') return
  const target = e.target as HTMLElement
  if (target.closest('textarea, input')) return
  const article = target.closest('article')
  if (!article) return
  const next = e.key === 'PageDown' ? article.nextElementSibling : article.previousElementSibling
  if (next instanceof HTMLElement) {
    e.preventDefault()
    next.focus()
  }
}

function Feed({ posts, complete, busy }: { posts: Post[]; complete: boolean; busy: boolean }) {
  return (
    <div role="feed" aria-label="Posts from people you follow" aria-busy={busy} onKeyDown={onFeedKeyDown} className="space-y-5">
      {posts.map((post, i) => (
        <FeedCard key={post.id} post={post} position={i + 1} setSize={complete ? posts.length : -1} />
      ))}
    </div>
  )
}

function FeedSkeleton() {
  return (
    <div aria-busy="true" className="animate-pulse space-y-8">
      <span role="status" className="sr-only">
        Loading posts
      </span>
      {[0, 1].map((i) => (
        <div key={i} aria-hidden="true">
          <div className="flex items-center gap-3 pb-3">
            <div className="size-8 rounded-full bg-neutral-200" />
            <div className="h-3 w-32 rounded bg-neutral-200" />
          </div>
          <div className="-mx-4 aspect-[4/5] bg-neutral-100 md:mx-0 md:rounded-md" />
          <div className="space-y-2 pt-4">
            <div className="h-3 w-20 rounded bg-neutral-200" />
            <div className="h-3 w-3/4 rounded bg-neutral-100" />
          </div>
        </div>
      ))}
    </div>
  )
}

function CaughtUp({ mode }: { mode: RankMode }) {
  return (
    <div className="flex flex-col items-center px-4 py-10 text-center">
      <CircleCheck className="size-12 text-accent-600" strokeWidth={1.5} aria-hidden="true" />
      <p className="mt-3 text-base font-semibold text-neutral-900">You're all caught up</p>
      <p className="mt-1 text-sm text-neutral-500">
        {mode === 'top' ? "You've seen the top recent posts from the people you follow." : "You've seen every post from the people you follow."}
      </p>
    </div>
  )
}

function EmptyFeed({ suggestions }: { suggestions: SuggestionsQuery }) {
  const { viewer } = useSession()
  const name = viewer && viewer.displayName !== viewer.username ? viewer.displayName : viewer?.username
  return (
    <>
      <EmptyState
        icon={Images}
        title={`Welcome to Mosaic${name ? `, ${name}` : ''}`}
        headingLevel="h1"
        action={
          <Link to="/new" className={buttonClass('secondary')}>
            Share your first photo
          </Link>
        }
      >
        When you follow people, the photos they share show up here. Start with a few of the people below.
      </EmptyState>
      <Suggestions query={suggestions} className="rounded-2xl border border-neutral-200 px-4 py-4" />
    </>
  )
}

/** Who is signed in, at the top of the side column. */
function ViewerRow() {
  const { viewer } = useSession()
  if (!viewer) return null
  return (
    <Link to={`/${viewer.username}`} className="flex items-center gap-3 rounded-lg">
      <Avatar user={viewer} size="md" />
      <span className="min-w-0 leading-tight">
        <span className="block truncate text-sm font-semibold text-neutral-900">{viewer.username}</span>
        {viewer.displayName !== viewer.username ? <span className="block truncate text-sm text-neutral-500">{viewer.displayName}</span> : null}
      </span>
    </Link>
  )
}
