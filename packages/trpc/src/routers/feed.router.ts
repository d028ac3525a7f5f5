import { feed } from '@mosaic/core'
import { feedHomeInput } from '@mosaic/validators'
import { authedProcedure, router } from '../trpc.ts'

export const feedRouter = router({
  home: authedProcedure.input(feedHomeInput).query(({ ctx, input }) => feed.homeFeed(ctx.deps, ctx.viewer, input)),
})
