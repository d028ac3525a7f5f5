import { tags } from '@mosaic/core'
import { tagPostsInput, tagSummaryInput } from '@mosaic/validators'
import { publicProcedure, router } from '../trpc.ts'

export const tagRouter = router({
  posts: publicProcedure.input(tagPostsInput).query(({ ctx, input }) => tags.tagPosts(ctx.deps, ctx.viewer, input)),

  summary: publicProcedure.input(tagSummaryInput).query(({ ctx, input }) => tags.tagSummary(ctx.deps, input.tag)),
})
