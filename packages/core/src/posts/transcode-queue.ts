import { and, eq, inArray, type Queryable, schema } from '@mosaic/db'
import type { VideoProbe } from '@mosaic/media'
import type { CoreDeps } from '../deps.ts'
import type { MediaValues } from './ingest.ts'
import { uploadProbeOf } from './ingest-video.ts'

const { media } = schema

export type NewClip = { id: string; probe?: VideoProbe }

/**
 * The media ids of the clips this upload stored (values without a row id: not found already
 * stored), given the rows' ids by content hash, with the upload's probe of each. A clip uploaded
 * before already has its job.
 */
export const newClips = (values: MediaValues[], ids: ReadonlyMap<string, string>): NewClip[] =>
  values.filter((v) => v.kind === 'video' && v.id === undefined).map((v) => ({ id: ids.get(v.sha256)!, probe: uploadProbeOf(v) }))

/**
 * Inside the transaction that posts them: clips whose transcode failed before, uploaded again, get
 * another try (the failure may have been the server's: a timeout, storage). They go back to
 * `processing` (every post showing them waits again, and is published if this try succeeds); the
 * ids returned are the ones this upload turned back, so two re-uploads at once retry once.
 */
export async function retryFailedClips(tx: Queryable, values: MediaValues[]): Promise<string[]> {
  const clips = values.filter((v) => v.kind === 'video').map((v) => v.sha256)
  if (clips.length === 0) return []
  const rows = await tx
    .update(media)
    .set({ state: 'processing' })
    .where(and(inArray(media.sha256, clips), eq(media.state, 'failed')))
    .returning({ id: media.id })
  return rows.map((r) => r.id)
}

/**
 * After the transaction that made a post or story of them: a transcode job for each of these media
 * that is a video still `processing`. The job id is the medium's, so two uploads of one new clip at
 * once queue one transcode; a retried clip's names the retry (the failed job may still be kept under
 * the medium's id, and would swallow a new job of the same id).
 */
export async function enqueueTranscodes(deps: Pick<CoreDeps, 'db' | 'queue'>, clips: { fresh: NewClip[]; retried: string[] }): Promise<void> {
  const probes = new Map(clips.fresh.map((c) => [c.id, c.probe]))
  const mediaIds = [...probes.keys(), ...clips.retried]
  if (mediaIds.length === 0) return
  const pending = await deps.db
    .select({ id: media.id })
    .from(media)
    .where(and(inArray(media.id, mediaIds), eq(media.kind, 'video'), eq(media.state, 'processing')))
  const retried = new Set(clips.retried)
  for (const { id } of pending) {
    const probe = probes.get(id) // a retried clip has none: its job probes
    await deps.queue.enqueue('media.transcode', probe ? { mediaId: id, probe } : { mediaId: id }, { jobId: retried.has(id) ? `transcode-${id}-retry-${Date.now()}` : `transcode-${id}` })
  }
}
