// Test and benchmark helpers. Exported as `@mosaic/media/testing` so the upload benchmark can build the same
// synthetic photo these tests time, without shipping a multi-megabyte fixture.
import sharp from 'sharp'

const NOISE_TILE = 509

// mulberry32: tiny, seedable, good enough to make pixels that do not compress away.
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A deterministic photo-like JPEG: smooth colour fields (a small random image upscaled) plus sensor-like grain, so
 * it costs an encoder about what a real camera photo does. A flat or purely random image would be far too cheap
 * or far too expensive to encode to say anything about real uploads.
 */
export async function syntheticPhoto(width: number, height: number, options: { seed?: number; quality?: number } = {}): Promise<Buffer> {
  const random = prng(options.seed ?? 1)
  const cols = Math.max(2, Math.round(width / 100))
  const rows = Math.max(2, Math.round(height / 100))
  const field = Buffer.alloc(cols * rows * 3)
  for (let i = 0; i < field.length; i++) field[i] = Math.floor(random() * 256)
  const pixels = await sharp(field, { raw: { width: cols, height: rows, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer()
  // Grain from a tile of noise, its odd size keeping it out of step with codecs' 8- and 16-pixel blocks; a fresh
  // random number per byte would make this helper slower than the pipeline it exists to time.
  const tile = Int8Array.from({ length: NOISE_TILE * NOISE_TILE * 3 }, () => Math.floor(random() * 17) - 8)
  const clamped = new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length)
  const tileRow = NOISE_TILE * 3
  for (let y = 0, i = 0; y < height; y++) {
    const rowStart = (y % NOISE_TILE) * tileRow
    for (let x = 0, t = 0; x < width * 3; x++, i++, t = t + 1 === tileRow ? 0 : t + 1) {
      clamped[i] = (clamped[i] ?? 0) + (tile[rowStart + t] ?? 0)
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: options.quality ?? 90 }).toBuffer()
}

export { makeTestClips, TEST_CLIP_LOCATION, videoToolsForTests, type TestClips } from './video/clips.testing.ts'
