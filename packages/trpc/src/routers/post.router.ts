import { engagement, moderation, posts } from '@mosaic/core'
import { likersInput, pageOnlyInput, postIdInput, postsByUserInput, reportPostInput, updatePostInput, updatePostInputFor } from '@mosaic/validators'
import { withinLimits } from '../limits.ts'
import { authedProcedure, publicProcedure, router } from '../trpc.ts'
import { uploadInput, withUploadForm } from '../upload.ts'

export const postRouter = router({
  create: authedProcedure
    .input(uploadInput)
    .mutation(({ ctx, input }) => withUploadForm(input, { maxFiles: ctx.deps.limits.filesPerPost, maxVideos: ctx.deps.limits.videosPerPost }, 'files', ctx.deps.video.scratchDir, (form) => posts.createPost(ctx.deps, ctx.viewer, form))),

  byId: publicProcedure.input(postIdInput).query(({ ctx, input }) => posts.getPost(ctx.deps, ctx.viewer, input.id)),

  byUser: publicProcedure.input(postsByUserInput).query(({ ctx, input }) => posts.listByUser(ctx.deps, ctx.viewer, input)),

  update: authedProcedure
    .input(updatePostInput)
    .mutation(({ ctx, input }) => posts.updatePost(ctx.deps, ctx.viewer, withinLimits(ctx.deps.limits, updatePostInputFor, input))),

  delete: authedProcedure.input(postIdInput).mutation(async ({ ctx, input }) => {
    await posts.deletePost(ctx.deps, ctx.viewer, input.id)
    return { ok: true as const }
  }),

  like: authedProcedure.input(postIdInput).mutation(({ ctx, input }) => engagement.like(ctx.deps, ctx.viewer, input.id)),

  unlike: authedProcedure.input(postIdInput).mutation(({ ctx, input }) => engagement.unlike(ctx.deps, ctx.viewer, input.id)),

  report: authedProcedure.input(reportPostInput).mutation(async ({ ctx, input }) => {
    await moderation.reportPost(ctx.deps, ctx.viewer, input)
    return { ok: true as const }
  }),

  likers: publicProcedure.input(likersInput).query(({ ctx, input }) => engagement.likers(ctx.deps, ctx.viewer, input)),

  // Bookmarks: private to the viewer, only for posts they may see.
  save: authedProcedure.input(postIdInput).mutation(async ({ ctx, input }) => {
    await posts.savePost(ctx.deps, ctx.viewer, input.id)
    return { ok: true as const }
  }),

  unsave: authedProcedure.input(postIdInput).mutation(async ({ ctx, input }) => {
    await posts.unsavePost(ctx.deps, ctx.viewer, input.id)
    return { ok: true as const }
  }),

  // The viewer's own saved posts, newest saved first.
  saved: authedProcedure.input(pageOnlyInput).query(({ ctx, input }) => posts.savedPostsOf(ctx.deps, ctx.viewer, input)),
})
