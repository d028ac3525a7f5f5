import { users } from '@mosaic/core'
import { byUsernameInput, updateProfileInput } from '@mosaic/validators'
import { authedProcedure, publicProcedure, router } from '../trpc.ts'

export const userRouter = router({
  byUsername: publicProcedure.input(byUsernameInput).query(({ ctx, input }) => users.getProfile(ctx.deps, ctx.viewer, input.username)),

  update: authedProcedure.input(updateProfileInput).mutation(({ ctx, input }) => users.updateProfile(ctx.deps, ctx.viewer, input)),
})
