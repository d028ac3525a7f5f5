// Difference hash: a 64-bit fingerprint that survives re-encoding, resizing and mild edits, so near-duplicate
// uploads (the same photo re-saved, screenshotted or recompressed) can be found by Hamming distance where the
// sha256 of the bytes would differ.
import type { DecodedImage } from './image.ts'
import { fromDecoded } from './render.ts'

const COLS = 9 // 9 columns give 8 left/right comparisons per row
const ROWS = 8

/** 64-bit dHash of upright pixels as 16 lowercase hex chars; bit (row-major, MSB first) set where a pixel is brighter than its right neighbour. */
export async function dhashOf(image: DecodedImage): Promise<string> {
  let pipeline = fromDecoded(image)
  // Transparent pixels carry arbitrary colour; hash what a viewer sees on the app's white background.
  if (image.channels === 4) pipeline = pipeline.flatten({ background: '#ffffff' })
  // Luma is computed here from the 72 resized pixels: sharp's greyscale() converts colour space before resizing,
  // which on a 12 MP photo took longer than everything else in this function.
  const { data, info } = await pipeline.resize(COLS, ROWS, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true })
  const luma = (x: number, y: number): number => {
    const i = (y * COLS + x) * info.channels
    return 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0)
  }

  let hex = ''
  for (let y = 0; y < ROWS; y++) {
    let byte = 0
    for (let x = 0; x < COLS - 1; x++) byte = (byte << 1) | (luma(x, y) > luma(x + 1, y) ? 1 : 0)
    hex += byte.toString(16).padStart(2, '0')
  }
  return hex
}

/** Number of differing bits between two dHashes: 0 is the same picture, under ~10 a near-duplicate, ~32 unrelated. */
export function hammingDistance(a: string, b: string): number {
  if (!/^[0-9a-f]{16}$/.test(a) || !/^[0-9a-f]{16}$/.test(b)) throw new RangeError('dHashes are 16 lowercase hex characters')
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`)
  let bits = 0
  for (; x; x >>= 1n) bits += Number(x & 1n)
  return bits
}
