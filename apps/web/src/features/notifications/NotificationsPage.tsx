import type { RouterOutputs } from '@mosaic/trpc'
import { ChevronRight, Download, Heart, VideoOff } from 'lucide-react'
import { useEffect, useRef, type ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { Avatar } from '../../components/Avatar.tsx'
import { buttonClass } from '../../components/Button.tsx'
import { EmptyState } from '../../components/EmptyState.tsx'
import { LoadFailed, NextPageStatus } from '../../components/LoadStates.tsx'
import { PageHeading } from '../../components/PageHeading.tsx'
import { RelativeTime } from '../../components/RelativeTime.tsx'
import { Spinner } from '../../components/Spinner.tsx'
import { isSigned } from '../../lib/signedUrls.ts'
import { trpc } from '../../lib/trpc.ts'
import { useInfiniteScroll } from '../../lib/useInfiniteScroll.ts'
import { FollowButton } from '../../components/FollowButton.tsx'
import { useUnreadCount } from './unread.ts'

type Notification = RouterOutputs['notification']['list']['items'][number]

const linkClass = 'font-semibold text-neutral-900 hover:text-neutral-600'

type NotificationType = Notification['type']

/** Notifications about the viewer's own things, said without naming the actor (the viewer). */
const aboutOwn = (type: NotificationType) => type === 'media_failed' || type === 'export_ready'

/** What a comment said, shortened to fit a row; the post has the rest. */
function quoted(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 120 ? `${flat.slice(0, 119).trimEnd()}…` : flat
}

/** The sentence after the actor's name (the whole sentence for `aboutOwn` ones). */
function messageOf(type: NotificationType, comment: Notification['comment'], aboutPost: boolean): ReactNode {
  if (comment && (type === 'comment' || type === 'mention')) {
    return (
      <>
        {type === 'comment' ? 'commented:' : 'mentioned you in a comment:'} <span className="text-neutral-700">{quoted(comment.text)}</span>
      </>
    )
  }
  switch (type) {
    case 'like':
      return 'liked your photo.'
    case 'comment':
      return 'commented on your photo.'
    case 'mention':
      return 'mentioned you.'
    case 'follow':
      return 'started following you.'
    case 'follow_request':
      return (
        <Link to="/notifications/requests" className="text-neutral-900 hover:underline">
          requested to follow you.
        </Link>
      )
    case 'follow_accepted':
      return 'accepted your follow request.'
    case 'media_failed':
      return aboutPost ? 'Your video in this post could not be processed.' : 'Your video story could not be processed. Upload it again to retry.'
    case 'export_ready':
      return 'Your data is ready to download.'
  }
}

function NotificationRow({ n }: { n: Notification }) {
  const utils = trpc.useUtils()
  const refreshed = useRef(false)
  // A private post's thumbnail is signed and expires within minutes: once it fails to load, the
  // list is fetched again for fresh URLs (once per row, so a deleted file does not loop).
  const onThumbError = () => {
    if (refreshed.current || !isSigned(n.post?.thumbUrl ?? '')) return
    refreshed.current = true
    void utils.notification.list.invalidate()
  }
  const location = useLocation()
  const actor = n.actor
  return (
    <li className={`flex items-center gap-3 rounded-xl px-3 py-2.5 ${n.read ? '' : 'bg-accent-50'}`}>
      {n.type === 'export_ready' ? (
        <span aria-hidden="true" className="inline-flex size-11 shrink-0 items-center justify-center rounded-full bg-accent-50 text-accent-700">
          <Download className="size-5" />
        </span>
      ) : aboutOwn(n.type) ? (
        <span aria-hidden="true" className="inline-flex size-11 shrink-0 items-center justify-center rounded-full bg-red-50 text-red-600">
          <VideoOff className="size-5" />
        </span>
      ) : (
        <Link to={`/${actor.username}`} className="shrink-0 rounded-full" tabIndex={-1} aria-hidden="true">
          <Avatar user={actor} size="md" />
        </Link>
      )}
      <p className="min-w-0 flex-1 text-sm leading-snug break-words text-neutral-900">
        {n.read ? null : <span className="sr-only">New: </span>}
        {aboutOwn(n.type) ? null : (
          <>
            <Link to={`/${actor.username}`} className={linkClass}>
              {actor.username}
            </Link>{' '}
          </>
        )}
        {messageOf(n.type, n.comment, n.post !== null)}{' '}
        <RelativeTime iso={n.createdAt} className="whitespace-nowrap text-neutral-600" />
      </p>
      {n.post ? (
        <Link
          to={`/p/${n.post.id}`}
          state={{ background: location }}
          aria-label="View post"
          className="size-11 shrink-0 overflow-hidden rounded-md bg-neutral-100"
        >
          <img src={n.post.thumbUrl} alt="" loading="lazy" onError={onThumbError} className="size-full object-cover" />
        </Link>
      ) : n.type === 'follow' ? (
        <FollowButton username={actor.username} />
      ) : n.type === 'export_ready' && n.url ? (
        // A signed link the server made for this list; the zip is served to this account only.
        <a href={n.url} download className={buttonClass('secondary', 'shrink-0')}>
          Download
        </a>
      ) : null}
    </li>
  )
}

/** "Follow requests (N)" at the top, while any are waiting. */
function FollowRequestsRow() {
  const requests = trpc.user.followRequests.useQuery({ limit: 50 }, { staleTime: 0 })
  const items = requests.data?.items ?? []
  const first = items[0]
  if (!first) return null
  const n = `${items.length}${requests.data?.nextCursor ? '+' : ''}`
  const others = items.length - 1
  return (
    <Link to="/notifications/requests" className="mb-3 flex items-center gap-3 rounded-xl border border-neutral-200 px-3 py-3 hover:bg-neutral-50">
      <span aria-hidden="true" className="relative shrink-0">
        <Avatar user={first} size="md" />
      </span>
      <span className="min-w-0 flex-1 leading-tight">
        <span className="block text-sm font-semibold text-neutral-900">Follow requests ({n})</span>
        <span className="mt-0.5 block truncate text-sm text-neutral-500">
          {first.username}
          {others > 0 ? ` and ${others === 1 ? '1 other' : `${others}${requests.data?.nextCursor ? '+' : ''} others`}` : ''}
        </span>
      </span>
      <span aria-hidden="true" className="size-2 shrink-0 rounded-full bg-accent-600" />
      <ChevronRight className="size-5 shrink-0 text-neutral-400" aria-hidden="true" />
    </Link>
  )
}

/**
 * /notifications: what happened, newest first. Opening it marks everything up to the newest
 * one read (the badge clears), while this visit still highlights what was new.
 */
export function NotificationsPage() {
  const utils = trpc.useUtils()
  const list = trpc.notification.list.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor, staleTime: 0 })
  const unread = useUnreadCount()
  const marked = useRef<string | null>(null)
  const markRead = trpc.notification.markRead.useMutation({
    onSuccess: () => {
      utils.notification.unreadCount.setData(undefined, { count: 0 })
      void utils.notification.unreadCount.invalidate()
    },
  })
  const { mutate } = markRead

  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  const newest = items[0]?.id
  const anyUnread = items.some((n) => !n.read)

  useEffect(() => {
    if (!newest || marked.current === newest || (!anyUnread && unread === 0)) return
    marked.current = newest
    mutate({ upTo: newest })
  }, [newest, anyUnread, unread, mutate])

  // Something new arrived while the page is open (the badge poll saw it): show it, and mark it read.
  const { refetch } = list
  useEffect(() => {
    if (unread > 0 && marked.current !== null) void refetch()
  }, [unread, refetch])

  const canLoad = list.hasNextPage && !list.isFetchingNextPage && !list.isFetchNextPageError
  const sentinel = useInfiniteScroll(() => void list.fetchNextPage(), canLoad)

  let body: ReactNode
  if (list.isPending) {
    body = (
      <div className="flex justify-center py-16">
        <Spinner className="size-6 text-neutral-400" label="Loading notifications" />
      </div>
    )
  } else if (list.isError && !list.data) {
    body = <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
  } else if (items.length === 0) {
    body = (
      <EmptyState icon={Heart} title="No notifications yet">
        When people like or comment on your photos, mention you or follow you, you'll see it here.
      </EmptyState>
    )
  } else {
    const seen = new Set<string>()
    body = (
      <>
        <ul aria-label="Notifications" className="space-y-1">
          {items
            .filter((n) => !seen.has(n.id) && seen.add(n.id))
            .map((n) => (
              <NotificationRow key={n.id} n={n} />
            ))}
        </ul>
        <div ref={sentinel} aria-hidden="true" className="h-px" />
        <NextPageStatus
          loading={list.isFetchingNextPage}
          failed={list.isFetchNextPageError}
          loadingLabel="Loading more notifications"
          failedMessage="Couldn't load more notifications."
          onRetry={() => void list.fetchNextPage()}
        />
      </>
    )
  }

  return (
    <div className="mx-auto max-w-xl">
      <title>Notifications • Mosaic</title>
      <PageHeading>Notifications</PageHeading>
      <FollowRequestsRow />
      {body}
    </div>
  )
}
