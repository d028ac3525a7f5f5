import { account, auth, avatars, social, suggestions, users } from '@mosaic/core'
import { byUsernameInput, changeEmailInput, deleteAccountInput, edgeListInput, pageOnlyInput, suggestionsInput, updateProfileInput, usernameInput } from '@mosaic/validators'
import { authedProcedure, publicProcedure, router } from '../trpc.ts'
import { uploadInput, withUploadForm } from '../upload.ts'

const ok = { ok: true as const }

export const userRouter = router({
  byUsername: publicProcedure.input(byUsernameInput).query(({ ctx, input }) => users.getProfile(ctx.deps, ctx.viewer, input.username)),

  update: authedProcedure.input(updateProfileInput).mutation(({ ctx, input }) => users.updateProfile(ctx.deps, ctx.viewer, input)),

  // FormData `file` and optional `crop`; over HTTP it streams through the upload route like post.create.
  setAvatar: authedProcedure
    .input(uploadInput)
    .mutation(({ ctx, input }) => withUploadForm(input, { maxFiles: 1, maxVideos: 0 }, 'file', ctx.deps.video.scratchDir, (form) => avatars.setAvatar(ctx.deps, ctx.viewer, form))),

  removeAvatar: authedProcedure.mutation(({ ctx }) => avatars.removeAvatar(ctx.deps, ctx.viewer)),

  follow: authedProcedure.input(usernameInput).mutation(({ ctx, input }) => social.follow(ctx.deps, ctx.viewer, input.username)),

  // Also withdraws a pending request.
  unfollow: authedProcedure.input(usernameInput).mutation(({ ctx, input }) => social.unfollow(ctx.deps, ctx.viewer, input.username)),

  followRequests: authedProcedure.input(pageOnlyInput).query(({ ctx, input }) => social.followRequests(ctx.deps, ctx.viewer, input)),

  approveFollow: authedProcedure.input(usernameInput).mutation(async ({ ctx, input }) => {
    await social.approveFollow(ctx.deps, ctx.viewer, input.username)
    return ok
  }),

  denyFollow: authedProcedure.input(usernameInput).mutation(async ({ ctx, input }) => {
    await social.denyFollow(ctx.deps, ctx.viewer, input.username)
    return ok
  }),

  removeFollower: authedProcedure.input(usernameInput).mutation(async ({ ctx, input }) => {
    await social.removeFollower(ctx.deps, ctx.viewer, input.username)
    return ok
  }),

  followers: publicProcedure.input(edgeListInput).query(({ ctx, input }) => social.listEdges(ctx.deps, ctx.viewer, 'followers', input)),

  following: publicProcedure.input(edgeListInput).query(({ ctx, input }) => social.listEdges(ctx.deps, ctx.viewer, 'following', input)),

  block: authedProcedure.input(usernameInput).mutation(async ({ ctx, input }) => {
    await social.block(ctx.deps, ctx.viewer, input.username)
    return ok
  }),

  suggestions: authedProcedure.input(suggestionsInput).query(({ ctx, input }) => suggestions.suggestions(ctx.deps, ctx.viewer, input.limit)),

  unblock: authedProcedure.input(usernameInput).mutation(async ({ ctx, input }) => {
    await social.unblock(ctx.deps, ctx.viewer, input.username)
    return ok
  }),

  // Only one's own blocks.
  blocked: authedProcedure.input(pageOnlyInput).query(({ ctx, input }) => social.blockedAccounts(ctx.deps, ctx.viewer, input)),

  changeEmail: authedProcedure.input(changeEmailInput).mutation(async ({ ctx, input }) => {
    await auth.changeEmail(ctx.deps, ctx.viewer, input, ctx.meta.ip)
    return ok
  }),

  // Needs the password; everything of the account goes, and this browser's cookie with it.
  deleteAccount: authedProcedure.input(deleteAccountInput).mutation(async ({ ctx, input }) => {
    await account.deleteAccount(ctx.deps, ctx.viewer, input.password)
    ctx.cookie.clear()
    return ok
  }),

  // The link answers 404 "not ready yet" until the worker has built the zip (export_ready notification).
  requestExport: authedProcedure.mutation(({ ctx }) => account.requestExport(ctx.deps, ctx.viewer)),
})
