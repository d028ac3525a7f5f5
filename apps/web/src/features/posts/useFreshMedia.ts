import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import { expiresSoon, isSigned } from '../../lib/signedUrls.ts'
import { trpc } from '../../lib/trpc.ts'
import { patchPostInLists } from './postCache.ts'
import type { Media } from './types.ts'

// A broken file that refetching does not mend (deleted, or no longer ours to see) is asked for
// again at most this many times per photo.
const MAX_REFRESHES = 2

/**
 * A photo's media with URLs that still work. Signed URLs (private accounts) expire within
 * minutes, while a list read from the query cache, or a tab left open, keeps the old ones: when
 * they have run out, or the browser could not load one, the post is fetched again and its fresh
 * URLs replace the old ones here and in every cached list that holds the post.
 */
export function useFreshMedia(media: Media, postId: string | undefined): { media: Media; refresh: () => void } {
  const utils = trpc.useUtils()
  const queryClient = useQueryClient()
  // Replacement URLs, for the URLs they replace: new props from a patched list win.
  const [fresh, setFresh] = useState<{ of: string; media: Media } | null>(null)
  const current = fresh && fresh.of === media.urls.thumb ? fresh.media : media
  const refreshes = useRef(0)
  const triedFor = useRef<string | null>(null)

  const refresh = useCallback(() => {
    const url = current.urls.thumb
    if (!postId || !isSigned(url) || triedFor.current === url || refreshes.current >= MAX_REFRESHES) return
    triedFor.current = url
    refreshes.current++
    utils.post.byId
      .fetch({ id: postId }, { staleTime: 0 })
      .then((post) => {
        const next = post.media.find((m) => m.id === media.id)
        if (!next) return
        setFresh({ of: media.urls.thumb, media: next })
        patchPostInLists(queryClient, postId, () => ({ media: post.media }))
      })
      // Gone, or hidden from us now: the placeholder stays.
      .catch(() => {})
  }, [current.urls.thumb, media.id, media.urls.thumb, postId, queryClient, utils])

  // URLs that have already run out (a cached list, a tab woken up) are replaced before loading.
  useEffect(() => {
    if (expiresSoon(current.urls.thumb)) refresh()
  }, [current.urls.thumb, refresh])

  return { media: current, refresh }
}
