import type { ReactNode } from 'react'
import { LoadFailed, NextPageStatus } from '../../components/LoadStates.tsx'
import { errorCode } from '../../lib/errors.ts'
import type { PagesQuery } from '../../lib/pagesQuery.ts'
import { useInfiniteScroll } from '../../lib/useInfiniteScroll.ts'
import type { Post } from './types.ts'

export type PostPagesQuery = PagesQuery<Post>

type Props = {
  query: PostPagesQuery
  /** shown while the first page loads */
  loading: ReactNode
  /** shown when there are no posts at all */
  empty: ReactNode
  /** the posts loaded so far, each once */
  children: (posts: Post[]) => ReactNode
  /** shown after the last post once there are no more pages */
  end?: ReactNode
}

/** Posts a page at a time: the next page loads as the end of the list scrolls into view. */
export function InfinitePosts({ query, loading, empty, children, end }: Props) {
  const canLoad = query.hasNextPage && !query.isFetchingNextPage && !query.isFetchNextPageError
  const sentinel = useInfiniteScroll(() => void query.fetchNextPage(), canLoad)

  if (query.isPending) return <>{loading}</>
  if (query.isError && !query.data) return <LoadFailed error={query.error} onRetry={() => void query.refetch()} className="py-6" />

  // Pages never repeat a post, but a refetch while scrolling could; show each once.
  const seen = new Set<string>()
  const posts = (query.data?.pages ?? []).flatMap((p) => p.items).filter((p) => !seen.has(p.id) && seen.add(p.id))
  if (posts.length === 0) return <>{empty}</>

  // A ranked list's cursor points into a snapshot that expires: then only starting over helps.
  const expired = query.isFetchNextPageError && errorCode(query.error) === 'BAD_REQUEST'
  return (
    <>
      {children(posts)}
      <div ref={sentinel} aria-hidden="true" className="h-px" />
      <NextPageStatus
        loading={query.isFetchingNextPage}
        failed={query.isFetchNextPageError}
        loadingLabel="Loading more posts"
        failedMessage={expired ? 'This list has changed since it loaded.' : "Couldn't load more posts."}
        onRetry={() => void (expired ? query.refetch() : query.fetchNextPage())}
        retryLabel={expired ? 'Refresh' : 'Try again'}
      />
      {!query.hasNextPage && !query.isFetchNextPageError ? end : null}
    </>
  )
}
