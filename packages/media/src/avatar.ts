// Profile pictures: the upload pipeline's sniff, limits and one decode (upright, sRGB), then a square
// crop rendered at the few sizes the app shows. No I/O: the caller stores the sizes under `sha256`.
import { sha256Hex } from '@mosaic/util'
import { decodeUpload } from './decode.ts'
import type { DecodedImage } from './image.ts'
import type { MediaLimits } from './limits.ts'
import { thumbhashOf } from './placeholder.ts'
import { fromDecoded, type RenderedVariant } from './render.ts'

/** Square sides, in pixels: 48 and 96 for lists and posts (1x and 2x), 320 for a profile header. */
export const AVATAR_SIZES = [48, 96, 320] as const
export type AvatarSize = (typeof AVATAR_SIZES)[number]

/** A square in the upright image, in pixels: its top-left corner and its side. */
export type AvatarCrop = { x: number; y: number; size: number }

/** The crop box does not lie inside the image: the client's mistake, not the file's. */
export class AvatarCropError extends Error {
  override readonly name = 'AvatarCropError'
}

export type RenderedAvatar = {
  /** Hex sha256 of the largest size: the content address every size is stored under. */
  sha256: string
  /** The upright image's size, and the square taken from it. */
  width: number
  height: number
  crop: AvatarCrop
  /** ThumbHash of the square, base64. */
  placeholder: string
  sizes: Record<AvatarSize, RenderedVariant>
}

// Faces at 48 px show compression early; these are a few KB each, so quality costs little.
const AVATAR_WEBP = { quality: 82, effort: 4 } as const

/** The square to take: the client's box when it fits inside the image, else the centred largest one. */
export function resolveCrop(width: number, height: number, crop?: AvatarCrop | null): AvatarCrop {
  if (!crop) {
    const side = Math.min(width, height)
    return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), size: side }
  }
  const { x, y, size } = crop
  if (![x, y, size].every(Number.isSafeInteger) || x < 0 || y < 0 || size < 1 || x + size > width || y + size > height) {
    throw new AvatarCropError(`The crop (${x}, ${y}, ${size}) must be a square inside the ${width}×${height} photo`)
  }
  return crop
}

const LARGEST = Math.max(...AVATAR_SIZES)

/** The square, already no larger than the largest size: every size and the placeholder start from these few pixels. */
async function square(image: DecodedImage, crop: AvatarCrop): Promise<DecodedImage> {
  const side = Math.min(crop.size, LARGEST)
  const { data, info } = await fromDecoded(image)
    .extract({ left: crop.x, top: crop.y, width: crop.size, height: crop.size })
    .resize(side, side, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, channels: image.channels }
}

async function renderSize(image: DecodedImage, side: number): Promise<RenderedVariant> {
  // Every size is exactly side×side (a small crop is enlarged), so srcset candidates always match.
  // sharp writes no EXIF, XMP or ICC, and raw input has none to carry over.
  const { data, info } = await fromDecoded(image).resize(side, side, { fit: 'fill' }).webp(AVATAR_WEBP).toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, contentType: 'image/webp', ext: 'webp' }
}

/**
 * Validates an upload as `processImage` does (same refusals, as `MediaError`), then renders the
 * square at every avatar size and its placeholder from one decode. A crop outside the image throws
 * `AvatarCropError`.
 */
export async function renderAvatar(input: Buffer, limits: MediaLimits, crop?: AvatarCrop | null): Promise<RenderedAvatar> {
  const { image } = await decodeUpload(input, limits)
  const box = resolveCrop(image.width, image.height, crop)
  const cut = await square(image, box)
  const [small, medium, large, placeholder] = await Promise.all([renderSize(cut, 48), renderSize(cut, 96), renderSize(cut, 320), thumbhashOf(cut)])
  return { sha256: sha256Hex(large.data), width: image.width, height: image.height, crop: box, placeholder, sizes: { 48: small, 96: medium, 320: large } }
}

