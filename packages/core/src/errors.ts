// Domain errors: core speaks in these, and the trpc package maps each code to a TRPCError in one table.
export type DomainErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  /** Well-formed but at odds with what the server already holds (an Idempotency-Key reused for other content). */
  | 'UNPROCESSABLE_CONTENT'

export type DomainErrorDetails = {
  /** The input field the error is about, so a form can show it inline. */
  field?: string
  /** For TOO_MANY_REQUESTS, or CONFLICT while a same-key upload runs: seconds until a retry can succeed. */
  retryAfterSeconds?: number
  /** For per-file upload errors: which file (0-based); with several bad files, the first. */
  fileIndex?: number
  /** For upload errors: every bad file of the upload, in file order (posts/refusals.ts). */
  files?: FileRefusal[]
}

/** One bad file of an upload, as the client shows it on that file. */
export type FileRefusal = { index: number; name: string; code: DomainErrorCode; message: string }

export class DomainError extends Error {
  readonly code: DomainErrorCode
  readonly details: DomainErrorDetails
  constructor(code: DomainErrorCode, message: string, details: DomainErrorDetails = {}) {
    super(message)
    this.name = 'DomainError'
    this.code = code
    this.details = details
  }
}

export const notFound = (what = 'That') => new DomainError('NOT_FOUND', `${what} was not found`)
