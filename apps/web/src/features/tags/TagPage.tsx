import { Hash } from 'lucide-react'
import { useId } from 'react'
import { Navigate, useLocation, useParams } from 'react-router'
import { EmptyState } from '../../components/EmptyState.tsx'
import { PageUnavailable } from '../../components/PageUnavailable.tsx'
import { TabPanel, Tabs } from '../../components/Tabs.tsx'
import { postCount } from '../../lib/format.ts'
import { placeholderUrl } from '../../lib/placeholder.ts'
import { trpc } from '../../lib/trpc.ts'
import { useRankMode } from '../../lib/useRankMode.ts'
import { MediaImage } from '../posts/MediaImage.tsx'
import { InfinitePostGrid } from '../posts/PostGrid.tsx'

const MODES = [
  { key: 'top', label: 'Top' },
  { key: 'latest', label: 'Latest' },
] as const

const VALID_TAG = /^[\p{L}\p{N}_]{1,64}$/u

/** /t/:tag — the posts with a tag, best first or newest first. */
export function TagPage() {
  const { tag: raw = '' } = useParams()
  const location = useLocation()
  const tag = raw.replace(/^#+/, '').toLowerCase()
  // Tags are lowercase; one URL per tag keeps links and the cache consistent.
  if (tag !== raw) return <Navigate to={`/t/${encodeURIComponent(tag)}${location.search}`} replace />
  if (!VALID_TAG.test(tag)) return <PageUnavailable />
  return <TagPosts key={tag} tag={tag} />
}

function TagPosts({ tag }: { tag: string }) {
  const [mode, select] = useRankMode()
  const tabsId = useId()
  const summary = trpc.tag.summary.useQuery({ tag })
  const posts = trpc.tag.posts.useInfiniteQuery({ tag, mode, limit: 24 }, { getNextPageParam: (page) => page.nextCursor })
  const coverPost = posts.data?.pages[0]?.items[0]
  const cover = coverPost?.media[0]
  const coverUrl = cover ? placeholderUrl(cover.placeholder) : undefined

  return (
    <>
      <title>{`#${tag} • Mosaic`}</title>
      <header className="mb-6 flex items-center gap-5 md:mb-10 md:gap-10 md:px-12">
        <span
          aria-hidden="true"
          className="flex size-20 shrink-0 items-center justify-center overflow-hidden rounded-full border border-neutral-200 bg-neutral-100 bg-cover bg-center md:size-36"
          style={coverUrl ? { backgroundImage: `url(${coverUrl})` } : undefined}
        >
          {cover ? (
            <MediaImage media={cover} postId={coverPost?.id} alt="" variant="thumb" eager className="size-full object-cover" />
          ) : (
            <Hash className="size-9 text-neutral-500 md:size-14" strokeWidth={1.5} />
          )}
        </span>
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-bold tracking-tight md:text-3xl">#{tag}</h1>
          <p className="mt-1 text-sm text-neutral-600">
            {summary.data ? (
              <span className="font-semibold text-neutral-900">{postCount(summary.data.posts)}</span>
            ) : summary.isError ? (
              `Photos tagged #${tag}`
            ) : (
              <span aria-hidden="true" className="inline-block h-4 w-16 animate-pulse rounded bg-neutral-100 align-middle" />
            )}
          </p>
        </div>
      </header>

      <Tabs tabs={MODES} selected={mode} onSelect={select} label="Sort posts" idPrefix={tabsId} className="mb-4" />

      <TabPanel idPrefix={tabsId} selected={mode}>
        <InfinitePostGrid
          query={posts}
          label={`${mode === 'top' ? 'Top' : 'Latest'} posts tagged #${tag}`}
          empty={
            <EmptyState icon={Hash} title="No posts yet">
              Nobody has shared a photo tagged #{tag} yet.
            </EmptyState>
          }
        />
      </TabPanel>
    </>
  )
}
