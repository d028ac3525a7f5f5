import { engagement } from '@mosaic/core'
import { addCommentInput, addCommentInputFor, idInput, listCommentsInput } from '@mosaic/validators'
import { withinLimits } from '../limits.ts'
import { authedProcedure, publicProcedure, router } from '../trpc.ts'

export const commentRouter = router({
  add: authedProcedure
    .input(addCommentInput)
    .mutation(({ ctx, input }) => engagement.addComment(ctx.deps, ctx.viewer, withinLimits(ctx.deps.limits, addCommentInputFor, input))),

  // Oldest first.
  list: publicProcedure.input(listCommentsInput).query(({ ctx, input }) => engagement.listComments(ctx.deps, ctx.viewer, input)),

  // By the comment's author or the post's author.
  delete: authedProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    await engagement.deleteComment(ctx.deps, ctx.viewer, input.id)
    return { ok: true as const }
  }),
})
