import { moderation } from '@mosaic/core'
import { adminReportsInput } from '@mosaic/validators'
import { authedProcedure, router } from '../trpc.ts'

// Admins are named only by the operator's CLI (`pnpm admin grant <username>`); each procedure checks anew.
export const adminRouter = router({
  reports: authedProcedure.input(adminReportsInput).query(({ ctx, input }) => moderation.listReports(ctx.deps, ctx.viewer, input)),
})
