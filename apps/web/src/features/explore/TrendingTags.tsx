import { TrendingUp } from 'lucide-react'
import { useId } from 'react'
import { Link } from 'react-router'
import { compact } from '../../lib/format.ts'
import { trpc } from '../../lib/trpc.ts'

const LIMIT = 12

/**
 * The tags people are suddenly using, as chips above the explore grid (one scrolling row on
 * phones). Trending is a bonus, not the page: while it loads, fails or is empty it takes no room.
 */
export function TrendingTags() {
  const headingId = useId()
  const trending = trpc.tag.trending.useQuery({ limit: LIMIT }, { staleTime: 60_000 })
  if (trending.isPending) {
    return (
      <div aria-hidden="true" className="mb-6 flex animate-pulse gap-2 overflow-hidden">
        {[20, 28, 16, 24, 20].map((w, i) => (
          <span key={i} className="h-9 shrink-0 rounded-full bg-neutral-100" style={{ width: `${w * 0.25}rem` }} />
        ))}
      </div>
    )
  }
  if (!trending.data?.length) return null

  return (
    <section aria-labelledby={headingId} className="mb-6">
      <h2 id={headingId} className="mb-2 flex items-center gap-1.5 text-sm font-semibold text-neutral-900">
        <TrendingUp className="size-4 text-accent-600" aria-hidden="true" />
        Trending now
      </h2>
      {/* A row that scrolls sideways on phones and wraps on wider screens; the negative margin lets it bleed to the edge. */}
      <ul className="-mx-4 flex gap-2 overflow-x-auto px-4 pb-1 [scrollbar-width:none] md:mx-0 md:flex-wrap md:overflow-visible md:px-0">
        {trending.data.map((t) => (
          <li key={t.tag} className="shrink-0">
            <Link
              to={`/t/${encodeURIComponent(t.tag)}`}
              className="inline-flex h-9 items-center gap-1.5 rounded-full border border-neutral-200 bg-white px-3.5 text-sm font-medium text-neutral-900 transition-colors hover:border-neutral-300 hover:bg-neutral-50"
            >
              #{t.tag}
              <span className="text-xs font-normal text-neutral-500">
                {compact(t.posts)} {t.posts === 1 ? 'post' : 'posts'}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  )
}
