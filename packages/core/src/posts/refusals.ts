import { MediaError, type MediaErrorCode } from '@mosaic/media'
import { DomainError, type DomainErrorCode, type FileRefusal } from '../errors.ts'

export const MEDIA_TO_DOMAIN: Record<MediaErrorCode, DomainErrorCode> = {
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_MEDIA_TYPE',
  CORRUPT: 'UNSUPPORTED_MEDIA_TYPE',
  EMPTY: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_PIXELS: 'PAYLOAD_TOO_LARGE',
  TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  // Over the duration limit: the clip is too big in time, and clients already treat 413 as "make it smaller".
  TOO_LONG: 'PAYLOAD_TOO_LARGE',
}

/** A media pipeline's refusal as the person who uploaded reads it: which file, and why. */
export function mediaRefusal(file: { index: number; name: string }, err: MediaError): DomainError {
  return new DomainError(MEDIA_TO_DOMAIN[err.code], `File ${file.index + 1} (${file.name}): ${err.message}`, { fileIndex: file.index })
}

/** As `mediaRefusal` for a media error; anything else as it is. */
export function refusalOf(file: { index: number; name: string }, err: unknown): unknown {
  return err instanceof MediaError ? mediaRefusal(file, err) : err
}

/** A file's own refusal (a DomainError naming its `fileIndex`), as one entry of the answer. */
export function asFileRefusal(err: unknown, names: ReadonlyMap<number, string>): FileRefusal | null {
  if (!(err instanceof DomainError) || err.details.fileIndex === undefined) return null
  const index = err.details.fileIndex
  return { index, name: names.get(index) ?? `file ${index + 1}`, code: err.code, message: err.message }
}

/**
 * Every bad file of an upload in one answer: the message names them all, `files` carries each, and
 * the code (so the HTTP status) is the first bad file's. One file's refusal comes through as it
 * was, with `files` added.
 */
export function refuseFiles(refusals: FileRefusal[]): DomainError {
  const byIndex = [...new Map(refusals.map((r) => [r.index, r])).values()].sort((a, b) => a.index - b.index)
  const first = byIndex[0]
  if (!first) throw new Error('refuseFiles needs at least one refusal')
  const message = byIndex.length === 1 ? first.message : `${byIndex.length} files cannot be posted. ${byIndex.map((r) => r.message.replace(/\.?$/, '.')).join(' ')}`
  return new DomainError(first.code, message, { fileIndex: first.index, field: 'files', files: byIndex })
}
