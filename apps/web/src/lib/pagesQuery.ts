/** The parts of a useInfiniteQuery result over Page<T> that a growing list needs. */
export type PagesQuery<T> = {
  data: { pages: { items: T[] }[] } | undefined
  isPending: boolean
  isError: boolean
  error: unknown
  hasNextPage: boolean
  isFetchingNextPage: boolean
  isFetchNextPageError: boolean
  fetchNextPage: () => unknown
  refetch: () => unknown
}
