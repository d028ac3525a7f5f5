import { Hash } from 'lucide-react'
import { useId } from 'react'
import { Navigate, useLocation, useParams } from 'react-router'
import { EmptyState } from '../../components/EmptyState.tsx'
import { PageUnavailable } from '../../components/PageUnavailable.tsx'
import { placeholderUrl } from '../../lib/placeholder.ts'
import { trpc } from '../../lib/trpc.ts'
import { useRankMode } from '../../lib/useRankMode.ts'
import { MediaImage } from '../posts/MediaImage.tsx'
import { InfinitePostGrid } from '../posts/PostGrid.tsx'

const MODES = [
  { mode: 'top', label: 'Top' },
  { mode: 'latest', label: 'Latest' },
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
          <p className="mt-1 text-sm text-neutral-600">Photos tagged #{tag}</p>
        </div>
      </header>

      <div role="tablist" aria-label="Sort posts" className="mb-4 flex justify-center gap-10 border-t border-neutral-200">
        {MODES.map((m) => {
          const selected = m.mode === mode
          return (
            <button
              key={m.mode}
              type="button"
              role="tab"
              id={`${tabsId}-${m.mode}`}
              aria-selected={selected}
              aria-controls={`${tabsId}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => select(m.mode)}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return
                e.preventDefault()
                const other = m.mode === 'top' ? 'latest' : 'top'
                select(other)
                document.getElementById(`${tabsId}-${other}`)?.focus()
              }}
              className={`-mt-px border-t py-4 text-xs font-semibold tracking-widest uppercase transition-colors ${
                selected ? 'border-neutral-900 text-neutral-900' : 'border-transparent text-neutral-500 hover:text-neutral-800'
              }`}
            >
              {m.label}
            </button>
          )
        })}
      </div>

      <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${mode}`}>
        <InfinitePostGrid
          query={posts}
          label={`${mode === 'top' ? 'Top' : 'Latest'} posts tagged #${tag}`}
          empty={
            <EmptyState icon={Hash} title="No posts yet">
              Nobody has shared a photo tagged #{tag} yet.
            </EmptyState>
          }
        />
      </div>
    </>
  )
}
