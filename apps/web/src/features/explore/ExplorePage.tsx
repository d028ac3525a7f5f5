import { Compass } from 'lucide-react'
import { EmptyState } from '../../components/EmptyState.tsx'
import { trpc } from '../../lib/trpc.ts'
import { InfinitePostGrid } from '../posts/PostGrid.tsx'
import { SearchBox } from '../search/SearchBox.tsx'
import { TrendingTags } from './TrendingTags.tsx'

/**
 * Explore: popular recent photos from people you don't follow yet, with the tags trending now
 * above them. On phones the search field lives here too (wider screens have it in the sidebar).
 */
export function ExplorePage() {
  const posts = trpc.explore.posts.useInfiniteQuery({ limit: 24 }, { getNextPageParam: (page) => page.nextCursor })
  return (
    <>
      <title>Explore • Mosaic</title>
      <SearchBox className="mb-5 md:hidden" />
      <h1 className="sr-only">Explore</h1>
      <TrendingTags />
      <InfinitePostGrid
        query={posts}
        label="Popular posts"
        empty={
          <EmptyState icon={Compass} title="Nothing to explore yet">
            Popular public photos from people you don't follow yet will show up here as people share and like them.
          </EmptyState>
        }
      />
    </>
  )
}
