// The upload pipeline as one pure function: bytes in, everything the API stores out. No I/O happens here; the
// caller writes the variants to the blob store under `sha256` and the metadata to the database.
import { decodeUpload } from './decode.ts'
import { dhashOf } from './dhash.ts'
import { sha256Hex } from '@mosaic/util'
import type { MediaLimits } from './limits.ts'
import { thumbhashOf } from './placeholder.ts'
import { renderExtras, renderVariants, type ExtraVariant, type RenderedVariant, type Variant } from './render.ts'
import type { ImageFormat } from './sniff.ts'

export type ProcessedImage<E extends ExtraVariant = never> = {
  /** Hex sha256 of the original input bytes. */
  sha256: string
  /** The input's format, from its magic bytes. */
  format: ImageFormat
  /** Upright (after EXIF orientation) full-size dimensions. */
  width: number
  height: number
  /** ThumbHash, base64. */
  placeholder: string
  /** 64-bit perceptual difference hash, 16 lowercase hex chars; compare with `hammingDistance`. */
  dhash: string
  /** The post sizes, plus the extra sizes the caller asked for. */
  variants: Record<Variant | E, RenderedVariant>
}

/**
 * Validates an upload and renders every stored size, its placeholder and hashes from a single decode.
 * Throws `MediaError` (with a message fit to show the uploader) for any input it refuses. Any other error is a
 * fault on our side, not the file's.
 */
export async function processImage<E extends ExtraVariant = never>(
  input: Buffer,
  limits: MediaLimits,
  /** The input's sha256 when the caller already hashed it (uploads hash bytes as they arrive). */
  known?: { sha256: string },
  /** Sizes to render on top of the post sizes (a story's `story`). */
  extras: readonly E[] = [],
): Promise<ProcessedImage<E>> {
  const { format, image } = await decodeUpload(input, limits)
  const [variants, extra, placeholder, dhash] = await Promise.all([renderVariants(image), renderExtras(image, extras), thumbhashOf(image), dhashOf(image)])
  return { sha256: known?.sha256 ?? sha256Hex(input), format, width: image.width, height: image.height, placeholder, dhash, variants: { ...variants, ...extra } }
}
