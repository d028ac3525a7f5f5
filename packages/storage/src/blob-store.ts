export type BlobInfo = {
  key: string
  size: number
  /** Opaque, unquoted validator that changes whenever the bytes may have; wrap it in quotes for an HTTP ETag. */
  etag: string
  contentType: string
  lastModified: Date
}

/** Inclusive byte offsets, as in an HTTP `Range: bytes=start-end` header. `end` past the last byte is clamped. */
export type ByteRange = { start: number; end: number }

/**
 * Where photo bytes live. Keys are built by `keys.ts` and validated by every method (an invalid key throws
 * `InvalidKeyError`). A key names one immutable-in-practice blob: writers replace whole blobs, never parts.
 */
export interface BlobStore {
  readonly kind: 'fs' | 's3'
  /** Atomic: readers see the old blob or the new one, never a partial write. Overwrites; refreshes lastModified. */
  put(key: string, data: Buffer, opts: { contentType: string }): Promise<void>
  /** As `put`, from a file on local disk, streamed: a 200 MB video is never read into memory. The file is left in place. */
  putFile(key: string, file: string, opts: { contentType: string }): Promise<void>
  get(key: string): Promise<Buffer | null>
  /** A range starting past the last byte rejects with a RangeError (HTTP 416). */
  stream(key: string, range?: ByteRange): Promise<NodeJS.ReadableStream | null>
  stat(key: string): Promise<BlobInfo | null>
  exists(key: string): Promise<boolean>
  /** Missing keys are not an error. */
  delete(keys: string[]): Promise<void>
  /** Every blob whose key starts with `prefix`, in key order. Pages internally; safe for millions of keys. */
  list(prefix: string): AsyncIterable<BlobInfo>
  /**
   * Where the blob can be read as a file on this machine, for tools that need a seekable file (ffmpeg
   * on an MP4 whose index is at the end): fs gives its own file, s3 null (download it first). Null
   * when there is no such blob. Read it only; the store may replace it at any time (readers keep the
   * old bytes).
   */
  localPath(key: string): Promise<string | null>
  /** S3 only: a presigned GET URL valid for `seconds`; fs returns null (the API signs its own /media URLs with HMAC). */
  presignedGetUrl(key: string, seconds: number): Promise<string | null>
  /** Readiness probe: resolves when the backend answers, rejects with a clear Error otherwise. */
  ping(): Promise<void>
}

export function assertRange(range: ByteRange): void {
  const { start, end } = range
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range ${start}-${end}`)
  }
}

export function unsatisfiableRange(key: string, range: ByteRange, size?: number): RangeError {
  const of = size === undefined ? '' : ` of a ${size}-byte blob`
  return new RangeError(`range ${range.start}-${range.end} not satisfiable for ${key}${of}`)
}

/** The message of an error from Node or the minio client, which are sometimes empty (AggregateError). */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describeError(err.errors[0])
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    if (err.message) return err.message
    if (typeof code === 'string') return code
    return err.name
  }
  return String(err)
}
