import { notifications } from '@mosaic/core'
import { markReadInput, pageOnlyInput } from '@mosaic/validators'
import { authedProcedure, router } from '../trpc.ts'

export const notificationRouter = router({
  list: authedProcedure.input(pageOnlyInput).query(({ ctx, input }) => notifications.listNotifications(ctx.deps, ctx.viewer, input)),

  unreadCount: authedProcedure.query(async ({ ctx }) => ({ count: await notifications.unreadCount(ctx.deps, ctx.viewer) })),

  markRead: authedProcedure.input(markReadInput).mutation(async ({ ctx, input }) => {
    await notifications.markRead(ctx.deps, ctx.viewer, input.upTo)
    return { ok: true as const }
  }),
})
