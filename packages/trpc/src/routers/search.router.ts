import { search } from '@mosaic/core'
import { searchPostsInput, searchTagsInput, searchUsersInput } from '@mosaic/validators'
import { publicProcedure, router } from '../trpc.ts'

// Anyone may search, signed in or not; what comes back is what this viewer may see.
export const searchRouter = router({
  users: publicProcedure.input(searchUsersInput).query(({ ctx, input }) => search.searchUsers(ctx.deps, ctx.viewer, input)),
  tags: publicProcedure.input(searchTagsInput).query(({ ctx, input }) => search.searchTags(ctx.deps, input)),
  posts: publicProcedure.input(searchPostsInput).query(({ ctx, input }) => search.searchPosts(ctx.deps, ctx.viewer, input)),
})
