import { and, eq, inArray, schema } from '@mosaic/db'
import type { CoreDeps } from '../deps.ts'
import type { MediaValues } from './ingest.ts'

const { media } = schema

/**
 * The media ids of the clips this upload stored (values without a row id: not found already
 * stored), given the rows' ids by content hash. A clip uploaded before already has its job.
 */
export const newClips = (values: MediaValues[], ids: ReadonlyMap<string, string>): string[] =>
  values.filter((v) => v.kind === 'video' && v.id === undefined).map((v) => ids.get(v.sha256)!)

/**
 * After the transaction that made a post or story of them: a transcode job for each of these media
 * that is a video still `processing`. The job id is the medium's, so two uploads of one new clip at
 * once queue one transcode.
 */
export async function enqueueTranscodes(deps: Pick<CoreDeps, 'db' | 'queue'>, mediaIds: string[]): Promise<void> {
  if (mediaIds.length === 0) return
  const pending = await deps.db
    .select({ id: media.id })
    .from(media)
    .where(and(inArray(media.id, mediaIds), eq(media.kind, 'video'), eq(media.state, 'processing')))
  for (const { id } of pending) await deps.queue.enqueue('media.transcode', { mediaId: id }, { jobId: `transcode-${id}` })
}
