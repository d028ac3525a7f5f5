import { engagement } from '@mosaic/core'
import { addCommentInput, addCommentInputFor, commentRepliesInput, idInput, listCommentsInput } from '@mosaic/validators'
import { withinLimits } from '../limits.ts'
import { authedProcedure, publicProcedure, router } from '../trpc.ts'

export const commentRouter = router({
  add: authedProcedure
    .input(addCommentInput)
    .mutation(({ ctx, input }) => engagement.addComment(ctx.deps, ctx.viewer, withinLimits(ctx.deps.limits, addCommentInputFor, input))),

  // Top-level comments oldest first, each with its first two replies.
  list: publicProcedure.input(listCommentsInput).query(({ ctx, input }) => engagement.listComments(ctx.deps, ctx.viewer, input)),

  // A top-level comment's replies, oldest first.
  replies: publicProcedure.input(commentRepliesInput).query(({ ctx, input }) => engagement.listReplies(ctx.deps, ctx.viewer, input)),

  like: authedProcedure.input(idInput).mutation(({ ctx, input }) => engagement.likeComment(ctx.deps, ctx.viewer, input.id)),

  unlike: authedProcedure.input(idInput).mutation(({ ctx, input }) => engagement.unlikeComment(ctx.deps, ctx.viewer, input.id)),

  // By the comment's author or the post's author.
  delete: authedProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    await engagement.deleteComment(ctx.deps, ctx.viewer, input.id)
    return { ok: true as const }
  }),
})
