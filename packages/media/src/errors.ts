// Every way an upload can be refused. The API maps `code` to an HTTP status and shows `message` to the person
// who uploaded, so messages are plain sentences about their file, never a decoder's internals (those stay in
// `cause` for the logs).

// TOO_LONG is for videos over the duration limit; the others serve photos and videos alike.
export type MediaErrorCode = 'UNSUPPORTED_FORMAT' | 'CORRUPT' | 'TOO_MANY_PIXELS' | 'TOO_LARGE' | 'EMPTY' | 'TOO_LONG'

export class MediaError extends Error {
  override readonly name = 'MediaError'
  readonly code: MediaErrorCode

  constructor(code: MediaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

export const ACCEPTED_FORMATS_TEXT = 'JPEG, PNG, WebP, AVIF, HEIC, GIF, TIFF'

export function unsupported(what: string): MediaError {
  return new MediaError('UNSUPPORTED_FORMAT', `This file is ${what}; only photos (${ACCEPTED_FORMATS_TEXT}) are accepted`)
}

export function corrupt(cause?: unknown): MediaError {
  return new MediaError('CORRUPT', 'The image is truncated or corrupt', { cause })
}

export function tooManyPixels(width: number, height: number, maxPixels: number): MediaError {
  return new MediaError(
    'TOO_MANY_PIXELS',
    `The image is ${width}×${height} pixels; the limit is ${formatMegapixels(maxPixels)}`,
  )
}

function formatMegapixels(pixels: number): string {
  const megapixels = Number((pixels / 1_000_000).toFixed(1))
  return `${megapixels} ${megapixels === 1 ? 'megapixel' : 'megapixels'}`
}
