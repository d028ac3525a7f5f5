import { feed } from '@mosaic/core'
import { feedHomeInput } from '@mosaic/validators'
import { authedProcedure, router } from '../trpc.ts'

type Page = Awaited<ReturnType<typeof feed.homeFeed>>

export const feedRouter = router({
  // The warm page (feed/warm.ts) where there is one: the gateway sends its text as it is; callers
  // without HTTP (createCaller) get it parsed, so every feed test also checks it against homeFeed's rules.
  home: authedProcedure.input(feedHomeInput).query(async ({ ctx, input }): Promise<Page> => {
    const warm = ctx.splicedTried ? null : await feed.warmHomePage(ctx.deps, ctx.viewer, input).catch(() => null)
    return warm === null || warm === 'cold' ? feed.homeFeed(ctx.deps, ctx.viewer, input) : (JSON.parse(warm.json) as Page)
  }),
})
