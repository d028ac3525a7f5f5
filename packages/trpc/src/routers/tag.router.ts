import { tags } from '@mosaic/core'
import { tagPostsInput, tagSummaryInput, tagTrendingInput } from '@mosaic/validators'
import { publicProcedure, router } from '../trpc.ts'

export const tagRouter = router({
  posts: publicProcedure.input(tagPostsInput).query(({ ctx, input }) => tags.tagPosts(ctx.deps, ctx.viewer, input)),
  // The same list for everyone: counts of public posts only.
  trending: publicProcedure.input(tagTrendingInput).query(({ ctx, input }) => tags.trendingTags(ctx.deps, input.limit)),
  summary: publicProcedure.input(tagSummaryInput).query(({ ctx, input }) => tags.tagSummary(ctx.deps, input.tag)),
})
