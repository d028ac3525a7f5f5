// Rendering the stored sizes of a photo from its one decoded buffer. Encoder settings come from
// scripts/measure-formats.ts; the figures and the reasoning are in this package's README.
import sharp, { type Sharp, type WebpOptions } from 'sharp'
import type { DecodedImage } from './image.ts'

/** The sizes every upload is stored at (a post's). */
export type Variant = 'thumb' | 'small' | 'large' | 'original'
/** Sizes only some uploads ask for, on top of `Variant`: `story`, a portrait full-screen frame. */
export type ExtraVariant = 'story'
export type RenderedVariant = { data: Buffer; width: number; height: number; contentType: string; ext: string }

export const THUMB_SIZE = 320
export const SMALL_WIDTH = 640
export const LARGE_WIDTH = 1080
/** A story fills a 9:16 phone screen: fit inside this box, never enlarged, never cropped. */
export const STORY_BOX = { width: 1080, height: 1920 } as const

// libwebp cannot store a side longer than this.
const WEBP_MAX_SIDE = 16383

// WebP at quality 80 for everything. AVIF at the same SSIM saves about a quarter of the bytes but encodes 3x
// slower at 1080 px and 10x slower at 12 MP (seconds per upload); JPEG q80 is a fifth larger at 1080 px and twice
// the size at 12 MP. Display sizes are fetched on every feed view, so they get effort 3 (as small as effort 4 in
// our measurements, and faster). The full-size `original` is fetched rarely but encoded on every upload, where at
// 12 MP effort 2 halves the encode time for 8% more bytes.
const DISPLAY_WEBP = { quality: 80, effort: 3 } as const
const ORIGINAL_WEBP = { quality: 80, effort: 2 } as const
// Only for an original wider or taller than WebP allows (panoramas); JPEG has no alpha, so it is flattened.
const OVERSIZE_JPEG = { quality: 85 } as const

/** A fresh sharp pipeline over the decoded pixels: no copy, no re-decode. */
export function fromDecoded(image: DecodedImage): Sharp {
  // The pixel limit was enforced on the upload's header; the raw buffer is that same image.
  return sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
    limitInputPixels: false,
  })
}

async function encode(pipeline: Sharp, contentType: string, ext: string): Promise<RenderedVariant> {
  // sharp writes no EXIF, XMP, IPTC or ICC unless asked (withMetadata/keepExif/…), and raw input has none to
  // carry over: outputs are untagged, which browsers treat as sRGB, which is what they contain.
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, contentType, ext }
}

const webp = (pipeline: Sharp, options: WebpOptions) => encode(pipeline.webp(options), 'image/webp', 'webp')

function renderThumb(image: DecodedImage): Promise<RenderedVariant> {
  // Square crops for the profile grid. A photo narrower than 320 px gets a smaller square, never an enlarged one.
  const side = Math.min(THUMB_SIZE, image.width, image.height)
  return webp(fromDecoded(image).resize(side, side, { fit: 'cover', position: sharp.strategy.attention }), DISPLAY_WEBP)
}

function renderWidth(image: DecodedImage, width: number): Promise<RenderedVariant> {
  // Bounded by width, as the feed lays photos out; the height cap only bites on absurdly tall strips, which would
  // otherwise be unencodable as WebP.
  return webp(fromDecoded(image).resize({ width, height: WEBP_MAX_SIDE, fit: 'inside', withoutEnlargement: true }), DISPLAY_WEBP)
}

function renderStory(image: DecodedImage): Promise<RenderedVariant> {
  // Fit, not cover: the viewer letterboxes a landscape photo rather than losing its sides.
  return webp(fromDecoded(image).resize({ ...STORY_BOX, fit: 'inside', withoutEnlargement: true }), DISPLAY_WEBP)
}

const EXTRA_RENDERERS: Record<ExtraVariant, (image: DecodedImage) => Promise<RenderedVariant>> = { story: renderStory }

/** The extra sizes asked for, rendered in parallel like the rest. */
export async function renderExtras<E extends ExtraVariant>(image: DecodedImage, extras: readonly E[]): Promise<Record<E, RenderedVariant>> {
  const rendered = await Promise.all(extras.map(async (e) => [e, await EXTRA_RENDERERS[e](image)] as const))
  return Object.fromEntries(rendered) as Record<E, RenderedVariant>
}

function renderOriginal(image: DecodedImage): Promise<RenderedVariant> {
  if (Math.max(image.width, image.height) <= WEBP_MAX_SIDE) return webp(fromDecoded(image), ORIGINAL_WEBP)
  return encode(fromDecoded(image).flatten({ background: '#ffffff' }).jpeg(OVERSIZE_JPEG), 'image/jpeg', 'jpg')
}

/** Every stored size, rendered in parallel (libuv runs each sharp pipeline on its own worker thread). */
export async function renderVariants(image: DecodedImage): Promise<Record<Variant, RenderedVariant>> {
  const small = renderWidth(image, SMALL_WIDTH)
  // A photo no wider than `small` would render to the very same bytes twice.
  const large = image.width <= SMALL_WIDTH ? small : renderWidth(image, LARGE_WIDTH)
  const [thumb, smallVariant, largeVariant, original] = await Promise.all([renderThumb(image), small, large, renderOriginal(image)])
  return { thumb, small: smallVariant, large: largeVariant, original }
}
