import { feed } from '@mosaic/core'
import { feedHomeInput } from '@mosaic/validators'
import type { Context } from './trpc.ts'

/**
 * A query answered as JSON text without the router, where a spliced answer exists: today
 * `feed.home`'s warm page (core feed/warm.ts), for a signed-in viewer and a valid input, as the
 * procedure's own checks would have it. Null: call the procedure, which answers everything else
 * (refusals included) as always.
 */
export async function answerSpliced(ctx: Context, path: string, input: unknown): Promise<string | null> {
  if (path !== 'feed.home' || !ctx.viewer || ctx.badBearer || !ctx.deps.warmPages) return null
  const parsed = feedHomeInput.safeParse(input)
  if (!parsed.success) return null
  const started = performance.now()
  const page = await feed.warmHomePage(ctx.deps, ctx.viewer, parsed.data).catch(() => null)
  if (page !== null) ctx.deps.observe?.(path, 'query', (performance.now() - started) / 1000, 'ok')
  ctx.splicedTried = true
  return page
}
