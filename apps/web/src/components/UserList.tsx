import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { Avatar } from './Avatar.tsx'
import { LoadFailed, NextPageStatus } from './LoadStates.tsx'
import { Spinner } from './Spinner.tsx'
import type { PagesQuery } from '../lib/pagesQuery.ts'
import { useInfiniteScroll } from '../lib/useInfiniteScroll.ts'
import type { UserSummary } from '../lib/userTypes.ts'

/** A person in a list: picture, username and name, each leading to their profile, and an action on the right. */
type RowProps = { user: UserSummary; action?: ReactNode; children?: ReactNode; avatarSize?: 'sm' | 'md' }

export function UserRow({ user, action, children, avatarSize = 'md' }: RowProps) {
  const showName = user.displayName && user.displayName !== user.username
  return (
    <li className="flex items-center gap-3 py-2">
      <Link to={`/${user.username}`} className="shrink-0 rounded-full" tabIndex={-1} aria-hidden="true">
        <Avatar user={user} size={avatarSize} />
      </Link>
      <div className="min-w-0 flex-1 leading-tight">
        <Link to={`/${user.username}`} className="block truncate text-sm font-semibold text-neutral-900 hover:text-neutral-600">
          {user.username}
        </Link>
        {showName ? <p className="mt-0.5 truncate text-sm text-neutral-500">{user.displayName}</p> : null}
        {children}
      </div>
      {action ? <div className="shrink-0">{action}</div> : null}
    </li>
  )
}

export type UserPagesQuery = PagesQuery<UserSummary>

type Props = {
  query: UserPagesQuery
  label: string
  empty: ReactNode
  action?: (user: UserSummary) => ReactNode
  /** what to show instead of the list when it failed to load (defaults to the server's message) */
  errorView?: (error: unknown) => ReactNode
}

/** People, a page at a time: the next page loads as the end of the list scrolls into view. */
export function UserList({ query, label, empty, action, errorView }: Props) {
  const canLoad = query.hasNextPage && !query.isFetchingNextPage && !query.isFetchNextPageError
  const sentinel = useInfiniteScroll(() => void query.fetchNextPage(), canLoad, '200px')

  if (query.isPending) {
    return (
      <div className="flex justify-center py-10">
        <Spinner className="size-6 text-neutral-400" label="Loading" />
      </div>
    )
  }
  if (query.isError && !query.data) {
    if (errorView) return <>{errorView(query.error)}</>
    return <LoadFailed error={query.error} onRetry={() => void query.refetch()} />
  }

  const seen = new Set<string>()
  const users = (query.data?.pages ?? []).flatMap((p) => p.items).filter((u) => !seen.has(u.id) && seen.add(u.id))
  if (users.length === 0) return <div className="py-8 text-center text-sm text-neutral-500">{empty}</div>

  return (
    <>
      <ul aria-label={label} className="-my-2">
        {users.map((user) => (
          <UserRow key={user.id} user={user} action={action?.(user)} />
        ))}
      </ul>
      <div ref={sentinel} aria-hidden="true" className="h-px" />
      <NextPageStatus
        loading={query.isFetchingNextPage}
        failed={query.isFetchNextPageError}
        loadingLabel="Loading more"
        failedMessage="Couldn't load more."
        onRetry={() => void query.fetchNextPage()}
      />
    </>
  )
}
