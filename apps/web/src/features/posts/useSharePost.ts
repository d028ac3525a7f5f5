import { useEffect, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { trpc } from '../../lib/trpc.ts'
import { newIdempotencyKey, UploadError, uploadPostWithRetry } from './upload.ts'

export type UploadPhase = { kind: 'idle' } | { kind: 'uploading'; percent: number } | { kind: 'processing' } | { kind: 'waiting' }

/**
 * Sends a new post and follows it through: upload progress, waiting out a busy server (the
 * retries reuse one Idempotency-Key, so they make one post), processing. On success the caches
 * that show the post learn about it and the page moves to the post; on failure `share` returns
 * the error to show, and nothing when the upload was cancelled or the page was left.
 */
export function useSharePost() {
  const [phase, setPhase] = useState<UploadPhase>({ kind: 'idle' })
  const abortRef = useRef<AbortController | null>(null)
  const mounted = useRef(true)
  const navigate = useNavigate()
  const utils = trpc.useUtils()

  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  async function share(form: FormData): Promise<UploadError | null> {
    const controller = new AbortController()
    abortRef.current = controller
    setPhase({ kind: 'uploading', percent: 0 })
    try {
      const post = await uploadPostWithRetry(form, {
        signal: controller.signal,
        // One key per Share: the automatic retries of this attempt reuse it, so they make one post.
        idempotencyKey: newIdempotencyKey(),
        onWaiting: () => setPhase({ kind: 'waiting' }),
        onProgress: (loaded, total) => setPhase({ kind: 'uploading', percent: Math.min(100, Math.floor((loaded / total) * 100)) }),
        onUploaded: () => setPhase({ kind: 'processing' }),
      })
      utils.post.byId.setData({ id: post.id }, post)
      void utils.post.byUser.invalidate({ username: post.author.username })
      void utils.user.byUsername.invalidate({ username: post.author.username })
      void utils.tag.posts.invalidate()
      void utils.tag.summary.invalidate()
      if (post.location) {
        void utils.location.posts.invalidate()
        void utils.location.summary.invalidate()
        void utils.location.suggest.invalidate()
      }
      // Latest starts with it; Top ranks it among the rest.
      void utils.feed.home.invalidate()
      if (mounted.current) void navigate(`/p/${post.id}`)
      return null
    } catch (err) {
      if (!mounted.current) return null
      setPhase({ kind: 'idle' })
      if (err instanceof DOMException && err.name === 'AbortError') return null
      return err instanceof UploadError ? err : new UploadError('Something went wrong. Please try again.')
    } finally {
      abortRef.current = null
    }
  }

  return { phase, busy: phase.kind !== 'idle', share, cancel: () => abortRef.current?.abort() }
}
