import { auth } from '@mosaic/core'
import { changePasswordInput, requestPasswordResetInput, resetPasswordInput, sessionIdInput, signInInput, signUpInput } from '@mosaic/validators'
import { authedProcedure, publicProcedure, router } from '../trpc.ts'

const ok = { ok: true as const }

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const result = await auth.signUp(ctx.deps, input, ctx.meta)
    ctx.cookie.set(result.token, result.expiresAt)
    return { user: result.user, token: result.token }
  }),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const result = await auth.signIn(ctx.deps, input, ctx.meta)
    ctx.cookie.set(result.token, result.expiresAt)
    return { user: result.user, token: result.token }
  }),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await auth.signOut(ctx.deps, ctx.viewer)
    ctx.cookie.clear()
    return { ok: true as const }
  }),

  me: publicProcedure.query(({ ctx }) => (ctx.viewer ? auth.me(ctx.deps, ctx.viewer) : null)),

  // Signs out every other session of the account; this one stays.
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await auth.changePassword(ctx.deps, ctx.viewer, input, ctx.meta.ip)
    return ok
  }),

  sessions: authedProcedure.query(({ ctx }) => auth.listSessions(ctx.deps, ctx.viewer)),

  // Only the viewer's own sessions; another account's id answers NOT_FOUND.
  revokeSession: authedProcedure.input(sessionIdInput).mutation(async ({ ctx, input }) => {
    await auth.revokeSession(ctx.deps, ctx.viewer, input.id)
    if (input.id === ctx.viewer.sessionId) ctx.cookie.clear()
    return ok
  }),

  // The same answer whether or not the address has an account.
  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(async ({ ctx, input }) => {
    await auth.requestPasswordReset(ctx.deps, input, ctx.meta.ip)
    return ok
  }),

  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    await auth.resetPassword(ctx.deps, input, ctx.meta.ip)
    return ok
  }),
})
