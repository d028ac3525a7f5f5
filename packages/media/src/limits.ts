import { MediaError, tooManyPixels } from './errors.ts'

export type MediaLimits = { maxBytes: number; maxPixels: number }

const MB = 1024 * 1024

// 100 MP is above any phone or consumer camera (about 50 MP with pixel binning off) yet keeps one decoded RGBA
// frame at 400 MB; sharp's own default (0x3FFF², 268 MP) would allow a single upload a gigabyte of RAM.
export const DEFAULT_LIMITS: MediaLimits = Object.freeze({ maxBytes: 25 * MB, maxPixels: 100_000_000 })

export function resolveLimits(limits: Partial<MediaLimits> = {}): MediaLimits {
  const resolved = { ...DEFAULT_LIMITS, ...limits }
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`media limit ${name} must be a positive integer, got ${value}`)
  }
  return resolved
}

export function assertByteSize(length: number, limits: MediaLimits): void {
  if (length === 0) throw new MediaError('EMPTY', 'The file is empty')
  if (length > limits.maxBytes) {
    // The size is rounded up, so a file just over the limit never reads as equal to it.
    throw new MediaError('TOO_LARGE', `The file is ${formatBytes(length, Math.ceil)}; the limit is ${formatBytes(limits.maxBytes, Math.floor)}`)
  }
}

function formatBytes(bytes: number, round: (x: number) => number): string {
  return bytes >= MB ? `${round((bytes / MB) * 10) / 10} MB` : `${round((bytes / 1024) * 10) / 10} KB`
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
