import { createHash } from 'node:crypto'

/** Hex sha256: the content address of an upload's original bytes, and what deduplication compares. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}
