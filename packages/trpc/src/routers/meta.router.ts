import { publicProcedure, router } from '../trpc.ts'

export const metaRouter = router({
  /** Every upload and text limit the server enforces, as configured. */
  limits: publicProcedure.query(({ ctx }) => ctx.deps.limits),
})
