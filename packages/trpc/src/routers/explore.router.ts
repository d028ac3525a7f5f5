import { explore } from '@mosaic/core'
import { explorePostsInput } from '@mosaic/validators'
import { publicProcedure, router } from '../trpc.ts'

export const exploreRouter = router({
  // Anonymous visitors get the unpersonalised set; a signed-in viewer's own follows and blocks shape theirs.
  posts: publicProcedure.input(explorePostsInput).query(({ ctx, input }) => explore.explorePosts(ctx.deps, ctx.viewer, input)),
})
