import { inArray, schema, sql, type Queryable } from '@mosaic/db'
import { MediaError, processImage, type ExtraVariant, type MediaErrorCode, type MediaLimits, type ProcessedImage } from '@mosaic/media'
import { variantKey } from '@mosaic/storage'
import type { CoreDeps } from '../deps.ts'
import { DomainError, type DomainErrorCode } from '../errors.ts'
import { createSemaphore } from '../limits/semaphore.ts'
import type { UploadFile } from './upload.ts'

const { media } = schema

export const MEDIA_TO_DOMAIN: Record<MediaErrorCode, DomainErrorCode> = {
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_MEDIA_TYPE',
  CORRUPT: 'UNSUPPORTED_MEDIA_TYPE',
  EMPTY: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_PIXELS: 'PAYLOAD_TOO_LARGE',
  TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  // Over the duration limit: the clip is too big in time, and clients already treat 413 as "make it smaller".
  TOO_LONG: 'PAYLOAD_TOO_LARGE',
}

// Decoding is CPU- and memory-heavy: at most this many images are decoded at once per process,
// however many uploads arrive (post photos and avatars alike), which bounds peak memory.
export const decodeSlots = createSemaphore(2)

export type MediaValues = typeof media.$inferInsert

async function render(file: UploadFile, limits: MediaLimits, extras: readonly ExtraVariant[]): Promise<ProcessedImage<ExtraVariant>> {
  try {
    return await decodeSlots.run(() => processImage(file.data, limits, { sha256: file.sha256 }, extras))
  } catch (err) {
    if (err instanceof MediaError) {
      throw new DomainError(MEDIA_TO_DOMAIN[err.code], `File ${file.index + 1} (${file.name}): ${err.message}`, { fileIndex: file.index })
    }
    throw err
  }
}

/**
 * Makes sure every file's content is processed and its blobs stored, and returns the media row
 * values to upsert (by sha256) for each, in file order. Content already stored (by anyone) is
 * neither processed nor written again. Nothing touches the database's post tables here: the
 * caller writes rows only after this resolves, so a failure leaves blobs without rows (swept
 * later), never rows without blobs.
 */
export async function ingestImages(
  deps: Pick<CoreDeps, 'db' | 'storage' | 'mediaLimits'>,
  files: UploadFile[],
  /** With `story`, the 9:16 story size too: content stored before without it is rendered again (same keys). */
  opts: { story?: boolean } = {},
): Promise<MediaValues[]> {
  const extras: ExtraVariant[] = opts.story ? ['story'] : []
  const known = await existingMedia(deps.db, files.map((f) => f.sha256))
  if (opts.story) for (const [sha, row] of known) if (!row.storyKey) known.delete(sha)
  const fresh = new Map<string, UploadFile>()
  for (const f of files) if (!known.has(f.sha256) && !fresh.has(f.sha256)) fresh.set(f.sha256, f)

  // Every file is validated before anything is stored: one bad file refuses the whole post.
  const processed = await Promise.all([...fresh.values()].map((f) => render(f, deps.mediaLimits, extras)))

  await Promise.all(
    processed.map(async (img) => {
      // Only the rendered sizes are kept, never the bytes as uploaded: those may carry the GPS
      // position and other metadata the uploader did not mean to publish. The full-size
      // `original` variant (upright, metadata-free) is the source for any size rendered later.
      await Promise.all(
        Object.entries(img.variants).map(([variant, v]) =>
          deps.storage.put(variantKey(img.sha256, variant as keyof ProcessedImage<ExtraVariant>['variants'], v.ext), v.data, { contentType: v.contentType }),
        ),
      )
    }),
  )
  const made = new Map(
    processed.map((img): [string, MediaValues] => [
      img.sha256,
      {
        sha256: img.sha256,
        format: img.format,
        width: img.width,
        height: img.height,
        bytes: fresh.get(img.sha256)!.data.length,
        placeholder: img.placeholder,
        dhash: img.dhash,
        thumbKey: variantKey(img.sha256, 'thumb', img.variants.thumb.ext),
        smallKey: variantKey(img.sha256, 'small', img.variants.small.ext),
        largeKey: variantKey(img.sha256, 'large', img.variants.large.ext),
        originalKey: variantKey(img.sha256, 'original', img.variants.original.ext),
        ...(opts.story ? { storyKey: variantKey(img.sha256, 'story', img.variants.story.ext) } : {}),
      },
    ]),
  )
  return files.map((f) => known.get(f.sha256) ?? made.get(f.sha256)!)
}

async function existingMedia(db: Queryable, shas: string[]): Promise<Map<string, MediaValues>> {
  const rows = await db.select().from(media).where(inArray(media.sha256, [...new Set(shas)]))
  return new Map(rows.map((r) => [r.sha256, r]))
}

/** Upserts media rows by content hash inside the caller's transaction; returns sha256 → id. */
export async function upsertMedia(tx: Queryable, values: MediaValues[]): Promise<Map<string, string>> {
  const unique = [...new Map(values.map((v) => [v.sha256, v])).values()]
  const insert = tx.insert(media).values(unique)
  // Content first posted without a story size gets one the first time it is a story.
  if (unique.some((v) => v.storyKey)) {
    await insert.onConflictDoUpdate({ target: media.sha256, set: { storyKey: sql`coalesce(${media.storyKey}, excluded.story_key)` } })
  } else {
    await insert.onConflictDoNothing({ target: media.sha256 })
  }
  const rows = await tx
    .select({ id: media.id, sha256: media.sha256 })
    .from(media)
    .where(inArray(media.sha256, unique.map((u) => u.sha256)))
  return new Map(rows.map((r) => [r.sha256, r.id]))
}
