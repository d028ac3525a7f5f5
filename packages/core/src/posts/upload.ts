import { readFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { DomainError, type FileRefusal } from '../errors.ts'
import type { KeyState } from './idempotency.ts'
import type { UploadKind } from './upload-kind.ts'
import { UploadSpool, type SpoolLimits } from './upload-spool.ts'

/**
 * A received file, on disk in its upload's temporary directory (never whole in memory): its hash
 * and size were taken while it streamed in, its kind from its first bytes.
 */
export type UploadFile = { index: number; name: string; contentType: string; path: string; bytes: number; sha256: string; kind: UploadKind }

/** A photo's bytes, for the image pipeline: a photo is at most the photo cap (25 MB by default), so it may be held in memory. */
export const readUpload = (file: Pick<UploadFile, 'path'>): Promise<Buffer> => readFile(file.path)

/**
 * A multipart form after its files were received: the api's streaming reader builds it while
 * bytes arrive (enforcing limits then); `fromFormData` builds it from an already-parsed FormData.
 * Its files live in `spool` until whoever received the upload disposes of it.
 */
export class UploadForm {
  /**
   * The client's Idempotency-Key, when it sent one; `state` when the api already claimed the key
   * before reading the body (so a retry of a running upload is refused without reading it).
   */
  idempotency: { key: string; state?: KeyState } | null = null
  constructor(
    readonly files: UploadFile[],
    readonly fields: ReadonlyMap<string, string[]>,
    private readonly spool: UploadSpool | null = null,
  ) {}
  field(name: string): string | undefined {
    return this.fields.get(name)?.[0]
  }
  all(name: string): string[] {
    return this.fields.get(name) ?? []
  }
  /** Files already found bad while they streamed in (reported with the pipeline's in one answer). */
  get refusals(): readonly FileRefusal[] {
    return this.spool?.refusals ?? []
  }
  /** Removes the received files. */
  dispose(): Promise<void> {
    return this.spool?.dispose() ?? Promise.resolve()
  }
}

export type UploadLimits = SpoolLimits & { maxFiles: number }

/** Builds an UploadForm from a FormData (callers without HTTP), its files spooled under `tmpRoot`; the caller disposes of it. */
export async function fromFormData(form: FormData, limits: UploadLimits, fileField: string, tmpRoot: string): Promise<UploadForm> {
  const spool = new UploadSpool(tmpRoot, limits)
  try {
    const files: UploadFile[] = []
    const fields = new Map<string, string[]>()
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        fields.set(key, [...(fields.get(key) ?? []), value])
        continue
      }
      if (key !== fileField) continue
      const index = files.length
      if (index >= limits.maxFiles) throw new DomainError('BAD_REQUEST', `At most ${limits.maxFiles} files per upload`, { field: fileField })
      const name = value.name || `file ${index + 1}`
      // Node's web stream type: under the DOM lib (the web app type-checks this file through the router's types) File.stream() is the DOM's.
      const stored = await spool.write(Readable.fromWeb(value.stream() as NodeReadableStream<Uint8Array>), index, name, undefined, value.type)
      files.push({ index, name, contentType: value.type, ...stored })
    }
    return new UploadForm(files, fields, spool)
  } catch (err) {
    await spool.dispose()
    throw err
  }
}
