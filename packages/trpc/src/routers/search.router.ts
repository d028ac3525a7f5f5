import { search } from '@mosaic/core'
import { searchMentionsInput, searchPostsInput, searchTagsInput, searchUsersInput } from '@mosaic/validators'
import { authedProcedure, publicProcedure, router } from '../trpc.ts'

// Anyone may search, signed in or not; what comes back is what this viewer may see.
export const searchRouter = router({
  users: publicProcedure.input(searchUsersInput).query(({ ctx, input }) => search.searchUsers(ctx.deps, ctx.viewer, input)),
  tags: publicProcedure.input(searchTagsInput).query(({ ctx, input }) => search.searchTags(ctx.deps, input)),
  // @mention suggestions while writing (signed in only): people the viewer follows first.
  mentions: authedProcedure.input(searchMentionsInput).query(({ ctx, input }) => search.mentionCandidates(ctx.deps, ctx.viewer, input)),
  posts: publicProcedure.input(searchPostsInput).query(({ ctx, input }) => search.searchPosts(ctx.deps, ctx.viewer, input)),
})
