import { places } from '@mosaic/core'
import { locationPostsInput, locationSuggestInput, locationSummaryInput } from '@mosaic/validators'
import { publicProcedure, router } from '../trpc.ts'

export const locationRouter = router({
  posts: publicProcedure.input(locationPostsInput).query(({ ctx, input }) => places.locationPosts(ctx.deps, ctx.viewer, input)),

  summary: publicProcedure.input(locationSummaryInput).query(({ ctx, input }) => places.locationSummary(ctx.deps, ctx.viewer, input)),

  // Beyond API.md: the New-post form's place typeahead (README, "Procedures added").
  suggest: publicProcedure.input(locationSuggestInput).query(({ ctx, input }) => places.locationSuggest(ctx.deps, ctx.viewer, input)),
})
