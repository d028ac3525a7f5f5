import type { Limits } from '@mosaic/validators'
import type { CoreDeps } from '../deps.ts'
import { existingMedia, type MediaValues, prepareImage } from './ingest.ts'
import { checkKnownVideo, isVideoUpload, prepareVideo } from './ingest-video.ts'
import { asFileRefusal, refuseFiles } from './refusals.ts'
import type { UploadFile } from './upload.ts'
import type { FileRefusal } from '../errors.ts'

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
  /**
   * With `story`, the 9:16 story size too (content stored before without it is rendered again, same
   * keys) and a story's clip length. `refused`: files already found bad while they streamed in.
   */
  opts: { story?: boolean; refused?: readonly FileRefusal[] } = {},
): Promise<MediaValues[]> {
  const story = opts.story ?? false
  const names = new Map(files.map((f) => [f.index, f.name]))
  const refusals: FileRefusal[] = [...(opts.refused ?? [])]
  const refusedAlready = new Set(refusals.map((r) => r.index))
  const known = await existingMedia(deps.db, files.map((f) => f.sha256))
  for (const f of files) {
    const row = known.get(f.sha256)
    try {
      if (row) checkKnownVideo(deps.limits, f, row, { story })
    } catch (err) {
      refusals.push(asFileRefusal(err, names) ?? rethrow(err))
    }
  }
  if (story) for (const [sha, row] of known) if (!row.storyKey) known.delete(sha)
  const fresh = new Map<string, UploadFile>()
  for (const f of files) if (!known.has(f.sha256) && !fresh.has(f.sha256) && !refusedAlready.has(f.index)) fresh.set(f.sha256, f)

  // Every file is checked before anything is stored: one bad file refuses the whole post, and the
  // answer names every bad file (refusals.ts). All of them settle first, so no pipeline still reads
  // an upload's file when the caller removes it.
  const checked = [...fresh.values()]
  const settled = await Promise.allSettled(checked.map((f) => (isVideoUpload(f) ? prepareVideo(deps, f, { story }) : prepareImage(deps, f, { story }))))
  for (const s of settled) {
    // Anything but a file's own refusal (storage, a bug) is not about the files: it answers as it is.
    if (s.status === 'rejected') refusals.push(asFileRefusal(s.reason, names) ?? rethrow(s.reason))
  }
  if (refusals.length > 0) {
    // Content shared by several files was checked once: each of them is refused.
    const bySha = new Map(files.map((f) => [f.index, f.sha256]))
    const badShas = new Set(refusals.map((r) => bySha.get(r.index)))
    for (const f of files) {
      const same = refusals.find((r) => bySha.get(r.index) === f.sha256)
      if (badShas.has(f.sha256) && same && !refusals.some((r) => r.index === f.index)) {
        refusals.push({ ...same, index: f.index, name: f.name, message: same.message.replace(`File ${same.index + 1} (${same.name})`, `File ${f.index + 1} (${f.name})`) })
      }
    }
    throw refuseFiles(refusals)
  }
  const prepared = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  await Promise.all(prepared.map((p) => p.store()))
  const made = new Map(prepared.map((p) => [p.values.sha256, p.values]))
  return files.map((f) => known.get(f.sha256) ?? made.get(f.sha256)!)
}

function rethrow(err: unknown): never {
  throw err
}
