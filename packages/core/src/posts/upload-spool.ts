import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describeContent, sniffFormat, unsupported } from '@mosaic/media'
import { DomainError, type FileRefusal } from '../errors.ts'
import { mediaRefusal } from './refusals.ts'
import { isVideoUpload, sniffUploadKind, SNIFF_HEAD_BYTES, type UploadKind } from './upload-kind.ts'

/** The byte caps a file is held to while it streams in, by what its first bytes say it is. */
export type SpoolLimits = {
  maxFileBytes: number
  maxVideoBytes: number
  /** How many video files this upload may carry; with none allowed a video is capped like a photo. */
  maxVideos: number
}

export type SpooledFile = { path: string; bytes: number; sha256: string; kind: UploadKind }

export const tooLarge = (index: number, name: string, max: number, kind: UploadKind = 'image') =>
  new DomainError('PAYLOAD_TOO_LARGE', `File ${index + 1} (${name}) is larger than the ${Math.round(max / 1e6)} MB limit${kind === 'video' ? ' for a video' : ''}`, {
    fileIndex: index,
  })

export const tooManyVideos = (index: number, name: string, max: number) =>
  new DomainError('BAD_REQUEST', `File ${index + 1} (${name}): ${max === 0 ? 'videos are not accepted here' : `a post has at most ${max === 1 ? 'one video' : `${max} videos`}`}`, {
    fileIndex: index,
    field: 'files',
  })

/**
 * One upload's files on disk, in a directory of their own under `root`: each file is written as it
 * arrives (backpressure reaches the socket, so memory does not grow with the file), hashed on the
 * way, and refused the moment it passes its cap: a video's cap when its first bytes say video, a
 * photo's otherwise. `dispose` stops every write still running and removes the directory; it is
 * safe to call more than once, and whoever made the spool calls it in a `finally`.
 */
export class UploadSpool {
  /**
   * Files found bad from their first bytes (not a photo format we read, one video too many): their
   * bytes still stream in, so that one answer can name every bad file of the upload; the media
   * pipeline does not read them.
   */
  readonly refusals: FileRefusal[] = []
  private readonly abort = new AbortController()
  private readonly writes = new Set<Promise<unknown>>()
  private videos = 0
  private dir: Promise<string> | null = null
  private disposed: Promise<void> | null = null

  /** No I/O until the first file arrives: the directory is made then. */
  constructor(
    private readonly root: string,
    private readonly limits: SpoolLimits,
  ) {}

  private directory(): Promise<string> {
    this.dir ??= mkdir(this.root, { recursive: true }).then(() => mkdtemp(path.join(this.root, 'upload-')))
    return this.dir
  }

  /**
   * Streams one file to disk. Rejects with the refusal in words (too large, too many videos) or
   * the stream's own error; `onBytes` sees every chunk's length as it is taken.
   */
  async write(source: Readable, index: number, name: string, onBytes?: (n: number) => void, contentType = ''): Promise<SpooledFile> {
    if (this.disposed) throw new Error('upload spool already disposed')
    const file = path.join(await this.directory(), `${index}-${randomUUID()}`)
    const meter = new Meter({
      limits: this.limits,
      decided: (kind, head) => {
        const refuse = (err: DomainError) => this.refusals.push({ index, name, code: err.code, message: err.message })
        // Magic bytes only; an ISO box file (HEIC, AVIF) may name its brand past these first bytes, and
        // a file that claims to be a video is told so by the video path: the pipeline decides those.
        const boxed = head.length >= 8 && head.toString('latin1', 4, 8) === 'ftyp'
        const claimsVideo = isVideoUpload({ kind, name, contentType })
        if (kind === 'image' && !boxed && !claimsVideo && sniffFormat(head) === null) return refuse(mediaRefusal({ index, name }, unsupported(describeContent(head))))
        if (kind !== 'video' || this.limits.maxVideos === 0) return
        if (++this.videos > this.limits.maxVideos) refuse(tooManyVideos(index, name, this.limits.maxVideos))
      },
      refuse: (kind, max) => tooLarge(index, name, max, kind),
      onBytes: onBytes ?? (() => {}),
    })
    if (this.abort.signal.aborted) throw this.abort.signal.reason
    const done = pipeline(source, meter, createWriteStream(file, { flags: 'wx' }), { signal: this.abort.signal })
    this.writes.add(done)
    try {
      await done
    } finally {
      this.writes.delete(done)
    }
    return { path: file, bytes: meter.bytes, sha256: meter.hash.digest('hex'), kind: meter.kind ?? 'image' }
  }

  /** Never rejects. */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      this.abort.abort(new Error('the upload was let go'))
      await Promise.allSettled([...this.writes])
      const dir = await this.dir?.catch(() => null)
      // rm with `force` fails only on a broken disk; the request has its answer either way.
      if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => {})
    })()
    return this.disposed
  }
}

/**
 * Removes what uploads left under `root` when their process died mid-request (a request removes its
 * own directory however it ends, but not a crash): directories older than `olderThanMs`, so the
 * uploads of other processes sharing the directory are left alone. Returns how many went.
 */
export async function removeStaleUploads(root: string, olderThanMs: number, now = Date.now()): Promise<number> {
  const names = await readdir(root).catch(() => [])
  let removed = 0
  for (const name of names.filter((n) => n.startsWith('upload-'))) {
    const dir = path.join(root, name)
    const info = await stat(dir).catch(() => null)
    if (!info?.isDirectory() || now - info.mtimeMs < olderThanMs) continue
    await rm(dir, { recursive: true, force: true })
    removed++
  }
  return removed
}

/** Counts, hashes and sniffs the bytes passing through, and errors as soon as the cap for their kind is passed. */
type MeterOptions = {
  limits: SpoolLimits
  /** Told the file's kind (and its first bytes) once they are in; throws to stop the file. */
  decided(kind: UploadKind, head: Buffer): void
  refuse(kind: UploadKind, max: number): Error
  onBytes(n: number): void
}

class Meter extends Transform {
  bytes = 0
  kind: UploadKind | null = null
  readonly hash = createHash('sha256')
  private head: Buffer[] = []
  private headBytes = 0

  constructor(private readonly opts: MeterOptions) {
    super()
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.opts.onBytes(chunk.length)
    this.bytes += chunk.length
    this.hash.update(chunk)
    if (this.kind === null) {
      // The kind (and so the cap) is decided once the first few bytes are in; until then they wait here.
      this.head.push(chunk)
      this.headBytes += chunk.length
      if (this.headBytes < SNIFF_HEAD_BYTES) return done()
      const err = this.decide()
      if (err) return done(err)
      const held = Buffer.concat(this.head)
      this.head = []
      return done(this.overCap(), held)
    }
    done(this.overCap(), chunk)
  }

  override _flush(done: TransformCallback) {
    if (this.kind !== null) return done()
    const err = this.decide() ?? this.overCap()
    if (err) return done(err)
    done(null, Buffer.concat(this.head))
  }

  private decide(): Error | null {
    const head = Buffer.concat(this.head)
    this.kind = sniffUploadKind(head)
    try {
      this.opts.decided(this.kind, head)
      return null
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err))
    }
  }

  private overCap(): Error | null {
    const { maxFileBytes, maxVideoBytes, maxVideos } = this.opts.limits
    const max = this.kind === 'video' && maxVideos > 0 ? maxVideoBytes : maxFileBytes
    return this.bytes > max ? this.opts.refuse(this.kind ?? 'image', max) : null
  }
}
