import { and, eq, inArray, schema } from '@mosaic/db'
import type { CoreDeps } from '../deps.ts'

const { media } = schema

/**
 * After the transaction that made a post or story of them: a transcode job for each of these media
 * that is a video still `processing` (a fresh upload, or the same clip uploaded before and not done
 * yet). The job id is the medium's, so a clip in several posts is transcoded once.
 */
export async function enqueueTranscodes(deps: Pick<CoreDeps, 'db' | 'queue'>, mediaIds: string[]): Promise<void> {
  if (mediaIds.length === 0) return
  const pending = await deps.db
    .select({ id: media.id })
    .from(media)
    .where(and(inArray(media.id, mediaIds), eq(media.kind, 'video'), eq(media.state, 'processing')))
  for (const { id } of pending) await deps.queue.enqueue('media.transcode', { mediaId: id }, { jobId: `transcode-${id}` })
}
