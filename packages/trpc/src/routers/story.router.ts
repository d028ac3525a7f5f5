import { stories } from '@mosaic/core'
import { storiesByUserInput, storyIdInput, storyViewersInput } from '@mosaic/validators'
import { authedProcedure, publicProcedure, router } from '../trpc.ts'
import { uploadInput, withUploadForm } from '../upload.ts'

const ok = { ok: true as const }

export const storyRouter = router({
  create: authedProcedure
    .input(uploadInput)
    .mutation(({ ctx, input }) => withUploadForm(input, { maxFiles: 1, maxVideos: 1 }, 'file', ctx.deps.video.scratchDir, (form) => stories.createStory(ctx.deps, ctx.viewer, form))),

  tray: authedProcedure.query(({ ctx }) => stories.tray(ctx.deps, ctx.viewer)),

  // Public accounts' stories are visible signed out, as their posts are.
  byUser: publicProcedure.input(storiesByUserInput).query(({ ctx, input }) => stories.byUser(ctx.deps, ctx.viewer, input.username)),

  markSeen: authedProcedure.input(storyIdInput).mutation(async ({ ctx, input }) => {
    await stories.markSeen(ctx.deps, ctx.viewer, input.id)
    return ok
  }),

  viewers: authedProcedure.input(storyViewersInput).query(({ ctx, input }) => stories.listViewers(ctx.deps, ctx.viewer, input)),

  delete: authedProcedure.input(storyIdInput).mutation(async ({ ctx, input }) => {
    await stories.deleteStory(ctx.deps, ctx.viewer, input.id)
    return ok
  }),
})
