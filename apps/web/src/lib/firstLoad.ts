import type { QueryClient } from '@tanstack/react-query'
import { createTRPCQueryUtils } from '@trpc/react-query'
import type { RouterInputs, RouterOutputs } from '@mosaic/trpc'
import type { createTrpcClient } from './trpc.ts'

/**
 * What the server writes into the feed's HTML for a signed-in viewer (apps/api/src/http/first-load.ts):
 * who is signed in, the limits and the feed's first page, as the router answers them.
 */
type FirstLoad = {
  me: NonNullable<RouterOutputs['auth']['me']>
  limits: RouterOutputs['meta']['limits']
  feed: { input: RouterInputs['feed']['home']; page: RouterOutputs['feed']['home'] }
}

const ELEMENT_ID = 'mosaic-first-load'

function readFirstLoad(): FirstLoad | null {
  const el = document.getElementById(ELEMENT_ID)
  if (!el?.textContent) return null
  el.remove() // read once: a later render of the app must ask the server
  try {
    return JSON.parse(el.textContent) as FirstLoad
  } catch {
    return null
  }
}

/**
 * Seeds the query cache with the page's embedded data, under the very keys the app's queries use
 * (auth.me, meta.limits, feed.home's first page), so the feed renders without waiting for a round
 * trip. Later pages, and a load without the embed, go through tRPC as always.
 */
export function seedFirstLoad(queryClient: QueryClient, client: ReturnType<typeof createTrpcClient>): QueryClient {
  const data = readFirstLoad()
  if (!data) return queryClient
  const utils = createTRPCQueryUtils({ queryClient, client })
  utils.auth.me.setData(undefined, data.me)
  utils.meta.limits.setData(undefined, data.limits)
  utils.feed.home.setInfiniteData(data.feed.input, { pages: [data.feed.page], pageParams: [null] })
  return queryClient
}

/**
 * Resolves once the server-drawn first photo (in index.html's frame, with the embedded data) has
 * painted, or failed, or after `maxWaitMs`; at once when there is none. Rendering the app replaces
 * the frame, so rendering first would throw away a photo about to paint, the page's largest paint,
 * and wait for React's own copy of it instead.
 */
export function firstPhotoPainted(maxWaitMs: number): Promise<void> {
  const img = document.getElementById('mosaic-first-photo')
  if (!(img instanceof HTMLImageElement)) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = window.setTimeout(resolve, maxWaitMs)
    // Two frames after it loaded: the frame that paints it has been presented.
    const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => (window.clearTimeout(timer), resolve())))
    if (img.complete) painted()
    else {
      img.addEventListener('load', painted, { once: true })
      img.addEventListener('error', painted, { once: true })
    }
  })
}
