import { auth } from '@mosaic/core'
import { signInInput, signUpInput } from '@mosaic/validators'
import { authedProcedure, publicProcedure, router } from '../trpc.ts'

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
})
