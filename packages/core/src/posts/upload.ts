import { sha256Hex } from '@mosaic/util'
import { DomainError } from '../errors.ts'
import type { KeyState } from './idempotency.ts'

export type UploadFile = { index: number; name: string; contentType: string; data: Buffer; sha256: string }

/**
 * A multipart form after its files were received: the api's streaming reader builds it while
 * bytes arrive (enforcing limits then); `fromFormData` builds it from an already-parsed FormData.
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
  ) {}
  field(name: string): string | undefined {
    return this.fields.get(name)?.[0]
  }
  all(name: string): string[] {
    return this.fields.get(name) ?? []
  }
}

export type UploadLimits = { maxFileBytes: number; maxFiles: number }

export const tooLarge = (index: number, name: string, max: number) =>
  new DomainError('PAYLOAD_TOO_LARGE', `File ${index + 1} (${name}) is larger than the ${Math.round(max / 1e6)} MB limit`, { fileIndex: index })

export async function fromFormData(form: FormData, limits: UploadLimits, fileField: string): Promise<UploadForm> {
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
    if (value.size > limits.maxFileBytes) throw tooLarge(index, value.name, limits.maxFileBytes)
    const data = Buffer.from(await value.arrayBuffer())
    files.push({ index, name: value.name || `file ${index + 1}`, contentType: value.type, data, sha256: sha256Hex(data) })
  }
  return new UploadForm(files, fields)
}
