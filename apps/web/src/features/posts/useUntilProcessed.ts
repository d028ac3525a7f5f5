import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { trpc } from '../../lib/trpc.ts'
import { patchPostInLists } from './postCache.ts'
import type { Media } from './types.ts'

/** How often a clip being transcoded asks whether it is ready. */
const POLL_MS = 4000

/**
 * While a clip is being transcoded (its author is looking at it: no one else sees the post yet),
 * asks for the post every few seconds; when the answer changes, it replaces the post in the
 * post page's query and in every cached list, so the clip starts playing where it is shown.
 */
export function useUntilProcessed(media: Media, postId: string | undefined) {
  const processing = media.kind === 'video' && media.state === 'processing' && postId !== undefined
  const queryClient = useQueryClient()
  const query = trpc.post.byId.useQuery({ id: postId ?? '' }, { enabled: processing, refetchInterval: processing ? POLL_MS : false, staleTime: 0 })
  const fresh = query.data
  const nowState = fresh?.media.find((m) => m.id === media.id)?.state
  useEffect(() => {
    if (!processing || !fresh || nowState === 'processing') return
    patchPostInLists(queryClient, fresh.id, () => ({ media: fresh.media }))
  }, [processing, fresh, nowState, queryClient])
}
