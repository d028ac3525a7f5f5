import type { RouterOutputs } from '@mosaic/trpc'
import { Flag } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { EmptyState } from '../../components/EmptyState.tsx'
import { LoadFailed, NextPageStatus } from '../../components/LoadStates.tsx'
import { PageHeading } from '../../components/PageHeading.tsx'
import { PageUnavailable } from '../../components/PageUnavailable.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { useSession } from '../../lib/session.ts'
import { trpc } from '../../lib/trpc.ts'
import { useInfiniteScroll } from '../../lib/useInfiniteScroll.ts'
import { MediaImage } from '../posts/MediaImage.tsx'

type Report = RouterOutputs['admin']['reports']['items'][number]

/** One report: the post's thumbnail (opens it), whose post, who reported it, why and when. */
function ReportRow({ report }: { report: Report }) {
  const location = useLocation()
  const { post, reporter } = report
  const first = post.media[0]
  const postLink = { to: `/p/${post.id}`, state: { background: location } }
  return (
    <li className="flex gap-3 py-3">
      <Link {...postLink} className="size-16 shrink-0 overflow-hidden rounded-md bg-neutral-100 sm:size-20">
        {first ? (
          <MediaImage media={first} postId={post.id} variant="thumb" alt={`Post by @${post.author.username}`} className="size-full object-cover" />
        ) : null}
      </Link>
      <div className="min-w-0 flex-1 text-sm leading-snug">
        <p className="font-semibold text-neutral-900">{report.reason}</p>
        <p className="mt-0.5 text-neutral-700">
          <Link {...postLink} className="hover:underline">
            Post
          </Link>{' '}
          by{' '}
          <Link to={`/${post.author.username}`} className="font-medium hover:underline">
            @{post.author.username}
          </Link>
          {post.caption ? <span className="text-neutral-500">: {post.caption.length > 80 ? `${post.caption.slice(0, 80)}…` : post.caption}</span> : null}
        </p>
        <p className="mt-1 text-xs text-neutral-500">
          Reported by{' '}
          <Link to={`/${reporter.username}`} className="hover:underline">
            @{reporter.username}
          </Link>{' '}
          · <RelativeTime iso={report.createdAt} />
        </p>
      </div>
    </li>
  )
}

/** /admin/reports: every report, newest first, for admins (named with `pnpm admin grant`). */
export function AdminReportsPage() {
  const { viewer } = useSession()
  const isAdmin = viewer?.isAdmin === true
  const list = trpc.admin.reports.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor, enabled: isAdmin, staleTime: 0 })
  const canLoad = list.hasNextPage && !list.isFetchingNextPage && !list.isFetchNextPageError
  const sentinel = useInfiniteScroll(() => void list.fetchNextPage(), canLoad)
  if (!isAdmin) return <PageUnavailable />

  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  let body: ReactNode
  if (list.isPending) {
    body = (
      <div className="flex justify-center py-16">
        <Spinner className="size-6 text-neutral-400" label="Loading reports" />
      </div>
    )
  } else if (list.isError && !list.data) {
    body = <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
  } else if (items.length === 0) {
    body = (
      <EmptyState icon={Flag} title="No reports">
        When someone reports a post, it shows here with their reason.
      </EmptyState>
    )
  } else {
    body = (
      <>
        <ul aria-label="Reports" className="divide-y divide-neutral-200">
          {items.map((r) => (
            <ReportRow key={r.id} report={r} />
          ))}
        </ul>
        <div ref={sentinel} aria-hidden="true" className="h-px" />
        <NextPageStatus
          loading={list.isFetchingNextPage}
          failed={list.isFetchNextPageError}
          loadingLabel="Loading more reports"
          failedMessage="Couldn't load more reports."
          onRetry={() => void list.fetchNextPage()}
        />
      </>
    )
  }
  return (
    <div className="mx-auto max-w-xl">
      <title>Reports • Mosaic</title>
      <PageHeading>Reports</PageHeading>
      {body}
    </div>
  )
}
