import type { QueryClient } from '@tanstack/react-query'
import type { Post } from './types.ts'

// Every cached list of posts (grids, tags, feeds): tRPC keys start with the procedure's path.
const POST_LISTS = [['post', 'byUser'], ['post', 'saved'], ['tag', 'posts'], ['feed', 'home'], ['explore', 'posts'], ['search', 'posts']]

type Pages = { pages: { items: Post[] }[] }

const isPages = (data: unknown): data is Pages =>
  typeof data === 'object' && data !== null && Array.isArray((data as { pages?: unknown }).pages)

/**
 * Changes one post wherever a list holds a copy (the counts a grid shows on hover), so a like
 * or a comment shows everywhere without refetching every list.
 */
export function patchPostInLists(queryClient: QueryClient, id: string, patch: (post: Post) => Partial<Post>) {
  for (const path of POST_LISTS) {
    queryClient.setQueriesData<unknown>({ queryKey: [path] }, (data: unknown) => {
      if (!isPages(data) || !data.pages.some((p) => p.items.some((post) => post.id === id))) return data
      return {
        ...data,
        pages: data.pages.map((page) =>
          page.items.some((post) => post.id === id)
            ? { ...page, items: page.items.map((post) => (post.id === id ? { ...post, ...patch(post) } : post)) }
            : page,
        ),
      }
    })
  }
}
