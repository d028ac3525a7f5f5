import { MediaError, tooManyPixels } from './errors.ts'

export type MediaLimits = { maxBytes: number; maxPixels: number }

// Decimal units, as MAX_UPLOAD_MB and the web app count them.
const MB = 1_000_000

/**
 * The caller names the limits: their defaults and bounds live in `@mosaic/validators` and the server's
 * config, and this package repeats none of them.
 */
export function checkLimits(limits: MediaLimits): MediaLimits {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`media limit ${name} must be a positive integer, got ${value}`)
  }
  return limits
}

export function assertByteSize(length: number, limits: MediaLimits): void {
  if (length === 0) throw new MediaError('EMPTY', 'The file is empty')
  if (length > limits.maxBytes) {
    // The size is rounded up, so a file just over the limit never reads as equal to it.
    throw new MediaError('TOO_LARGE', `The file is ${formatBytes(length, Math.ceil)}; the limit is ${formatBytes(limits.maxBytes, Math.floor)}`)
  }
}

function formatBytes(bytes: number, round: (x: number) => number): string {
  return bytes >= MB ? `${round((bytes / MB) * 10) / 10} MB` : `${round((bytes / 1000) * 10) / 10} KB`
}

// JPEG's format limit, and so the longest side any variant can be encoded at (a WebP side stops at 16383).
export const MAX_SIDE = 65535

/** Checked against the header's declared size, before a decoder allocates anything for it. */
export function assertDimensions(width: number, height: number, limits: MediaLimits): void {
  if (width * height > limits.maxPixels) throw tooManyPixels(width, height, limits.maxPixels)
  if (Math.max(width, height) > MAX_SIDE) {
    throw new MediaError('TOO_MANY_PIXELS', `The image is ${width}×${height} pixels; no side may be longer than ${MAX_SIDE} pixels`)
  }
}
