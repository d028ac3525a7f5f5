import type { Limits } from '@mosaic/validators'
import type { CoreDeps } from '../deps.ts'
import { existingMedia, type MediaValues, prepareImage } from './ingest.ts'
import { checkKnownVideo, isVideoUpload, prepareVideo } from './ingest-video.ts'
import type { UploadFile } from './upload.ts'

export type IngestDeps = Pick<CoreDeps, 'db' | 'storage' | 'mediaLimits' | 'video'> & { limits: Limits }

/**
 * Makes sure every file's content is checked and its blobs stored, photos and videos alike, and
 * returns the media row values to upsert (by sha256) for each, in file order. Content already
 * stored (by anyone) is neither processed nor written again. Nothing touches the database's post
 * tables here: the caller writes rows only after this resolves, so a failure leaves blobs without
 * rows (swept later), never rows without blobs; and one refused file means nothing is stored.
 */
export async function ingestUploads(
  deps: IngestDeps,
  files: UploadFile[],
  /** With `story`, the 9:16 story size too (content stored before without it is rendered again, same keys) and a story's clip length. */
  opts: { story?: boolean } = {},
): Promise<MediaValues[]> {
  const story = opts.story ?? false
  const known = await existingMedia(deps.db, files.map((f) => f.sha256))
  for (const f of files) {
    const row = known.get(f.sha256)
    if (row) checkKnownVideo(deps.limits, f, row, { story })
  }
  if (story) for (const [sha, row] of known) if (!row.storyKey) known.delete(sha)
  const fresh = new Map<string, UploadFile>()
  for (const f of files) if (!known.has(f.sha256) && !fresh.has(f.sha256)) fresh.set(f.sha256, f)

  // Every file is checked before anything is stored: one bad file refuses the whole post. All of
  // them settle first, so the refusal named is the first file's in order, and no pipeline still
  // reads an upload's file when the caller removes it.
  const settled = await Promise.allSettled(
    [...fresh.values()].map((f) => (isVideoUpload(f) ? prepareVideo(deps, f, { story }) : prepareImage(deps, f, { story }))),
  )
  const refused = settled.find((s) => s.status === 'rejected')
  if (refused) throw refused.reason
  const prepared = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  await Promise.all(prepared.map((p) => p.store()))
  const made = new Map(prepared.map((p) => [p.values.sha256, p.values]))
  return files.map((f) => known.get(f.sha256) ?? made.get(f.sha256)!)
}
