// The one decode of an upload: from its bytes to upright, 8-bit sRGB raw pixels that every variant, the
// placeholder and the perceptual hash are then rendered from.
import sharp, { type Metadata } from 'sharp'
import { corrupt, tooManyPixels, unsupported } from './errors.ts'
import { decodeHeic } from './heic.ts'
import type { DecodedImage } from './image.ts'
import { assertByteSize, assertDimensions, checkLimits, type MediaLimits } from './limits.ts'
import { describeContent, SNIFF_BYTES, sniffFormat, type ImageFormat } from './sniff.ts'

// libvips' operation cache keeps recent inputs and results alive between calls; uploads are never seen twice, so
// it would only hold on to tens of megabytes of pixels per photo.
sharp.cache(false)

// What sharp's metadata() calls each format we route to it; AVIF is read by libvips' heif loader.
const SHARP_FORMAT: Record<Exclude<ImageFormat, 'heic'>, string> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  avif: 'heif',
  tiff: 'tiff',
  gif: 'gif',
}

export async function decode(input: Buffer, format: ImageFormat, limits: MediaLimits): Promise<DecodedImage> {
  return format === 'heic' ? decodeHeic(input, limits) : decodeWithSharp(input, format, limits)
}

async function decodeWithSharp(input: Buffer, format: Exclude<ImageFormat, 'heic'>, limits: MediaLimits): Promise<DecodedImage> {
  // failOn 'error' refuses truncated and undecodable data (never a half-grey photo) but accepts files that every
  // viewer opens despite a warning, such as a stray byte before a JPEG marker or an odd GeoTIFF tag.
  // animated: false reads the first frame of a GIF or WebP and the first page of a TIFF.
  const options = { failOn: 'error', limitInputPixels: limits.maxPixels, animated: false } as const

  let metadata: Metadata
  try {
    // Header only, without the pixel limit, so an oversized image is refused below with its real dimensions.
    metadata = await sharp(input, { ...options, limitInputPixels: false }).metadata()
  } catch (error) {
    throw corrupt(error)
  }
  // The sniff chose the format from magic bytes; if libvips picked a different loader, the bytes are a polyglot
  // or damaged, and neither deserves the benefit of the doubt.
  if (metadata.format !== SHARP_FORMAT[format] || !metadata.width || !metadata.height) {
    throw corrupt(new Error(`sniffed ${format} but libvips read ${metadata.format ?? 'nothing'}`))
  }
  assertDimensions(metadata.width, metadata.height, limits)

  try {
    const { data, info } = await sharp(input, options)
      .autoOrient()
      // Embedded ICC profiles (Display P3, ProPhoto, grey gamma 2.2) are converted to sRGB by sharp; CMYK without
      // a profile goes through sharp's built-in CMYK profile; 16-bit becomes 8-bit; greyscale becomes RGB.
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    if (info.channels !== 3 && info.channels !== 4) throw new Error(`unexpected ${info.channels}-channel decode`)
    return { data, width: info.width, height: info.height, channels: info.channels }
  } catch (error) {
    if (error instanceof Error && /exceeds pixel limit/i.test(error.message)) {
      throw tooManyPixels(metadata.width, metadata.height, limits.maxPixels)
    }
    throw corrupt(error)
  }
}

/**
 * An upload from its bytes to its one decode, refusing what every upload refuses (as `MediaError`):
 * empty, over the byte limit, not an image format we take (by its magic bytes), over the pixel limit,
 * corrupt. Posts, stories and avatars all start here.
 */
export async function decodeUpload(input: Buffer, limits: MediaLimits): Promise<{ format: ImageFormat; image: DecodedImage }> {
  const resolved = checkLimits(limits)
  assertByteSize(input.length, resolved)
  const head = input.subarray(0, SNIFF_BYTES)
  const format = sniffFormat(head)
  if (!format) throw unsupported(describeContent(head))
  return { format, image: await decode(input, format, resolved) }
}
