import { createHash } from 'node:crypto'

/** Hex sha256: the content address of an upload's bytes, and how tokens are kept (never the token itself). */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}
