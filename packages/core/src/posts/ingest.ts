import { inArray, schema, sql, type Queryable } from '@mosaic/db'
import { processImage, type ExtraVariant, type MediaLimits, type ProcessedImage } from '@mosaic/media'
import { variantKey } from '@mosaic/storage'
import type { CoreDeps } from '../deps.ts'
import { createSemaphore } from '../limits/semaphore.ts'
import { refusalOf } from './refusals.ts'
import { readUpload, type UploadFile } from './upload.ts'

export { MEDIA_TO_DOMAIN, refusalOf } from './refusals.ts'

const { media } = schema

// Decoding is CPU- and memory-heavy: at most this many images are decoded at once per process,
// however many uploads arrive (post photos, video posters and avatars alike), which bounds peak memory.
export const decodeSlots = createSemaphore(2)

export type MediaValues = typeof media.$inferInsert

/** One file's content, checked and rendered, ready to store; nothing is written until `store`. */
export type Prepared = { values: MediaValues; store(): Promise<void> }

/** Renders a photo (or a video's poster frame) into its sizes and placeholder, under the content hash `sha256`. */
export async function renderImage(
  input: () => Promise<Buffer>,
  sha256: string,
  limits: MediaLimits,
  extras: readonly ExtraVariant[],
): Promise<ProcessedImage<ExtraVariant>> {
  // Read inside the slot: at most as many images are in memory as are being decoded.
  return decodeSlots.run(async () => processImage(await input(), limits, { sha256 }, extras))
}

/** The media row values for rendered sizes; a video adds its own columns to these. */
export function imageValues(img: ProcessedImage<ExtraVariant>, bytes: number, story: boolean): MediaValues {
  return {
    sha256: img.sha256,
    format: img.format,
    width: img.width,
    height: img.height,
    bytes,
    placeholder: img.placeholder,
    dhash: img.dhash,
    thumbKey: variantKey(img.sha256, 'thumb', img.variants.thumb.ext),
    smallKey: variantKey(img.sha256, 'small', img.variants.small.ext),
    largeKey: variantKey(img.sha256, 'large', img.variants.large.ext),
    originalKey: variantKey(img.sha256, 'original', img.variants.original.ext),
    ...(story ? { storyKey: variantKey(img.sha256, 'story', img.variants.story.ext) } : {}),
  }
}

export function storeVariants(storage: CoreDeps['storage'], img: ProcessedImage<ExtraVariant>): Promise<void> {
  return Promise.all(
    Object.entries(img.variants).map(([variant, v]) =>
      storage.put(variantKey(img.sha256, variant as keyof ProcessedImage<ExtraVariant>['variants'], v.ext), v.data, { contentType: v.contentType }),
    ),
  ).then(() => {})
}

/**
 * A photo, rendered. Only the rendered sizes are kept, never the bytes as uploaded: those may carry
 * the GPS position and other metadata the uploader did not mean to publish. The full-size
 * `original` variant (upright, metadata-free) is the source for any size rendered later.
 */
export async function prepareImage(deps: Pick<CoreDeps, 'storage' | 'mediaLimits'>, file: UploadFile, opts: { story: boolean }): Promise<Prepared> {
  let img: ProcessedImage<ExtraVariant>
  try {
    img = await renderImage(() => readUpload(file), file.sha256, deps.mediaLimits, opts.story ? ['story'] : [])
  } catch (err) {
    throw refusalOf(file, err)
  }
  return { values: imageValues(img, file.bytes, opts.story), store: () => storeVariants(deps.storage, img) }
}

export async function existingMedia(db: Queryable, shas: string[]): Promise<Map<string, MediaValues>> {
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
