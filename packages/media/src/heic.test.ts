import { describe, expect, it } from 'vitest'
import { readFixture } from './fixtures.testing.ts'
import { decodeHeic } from './heic.ts'
import { hammingDistance, MediaError, processImage } from './index.ts'
import { defaultLimits } from './limits.testing.ts'

const heic = readFixture('sample.heic')

describe('HEIC', () => {
  it('decodes the primary image to upright 8-bit RGB', async () => {
    const image = await decodeHeic(heic, defaultLimits)
    expect(image).toMatchObject({ width: 123, height: 456, channels: 3 })
    expect(image.data.length).toBe(123 * 456 * 3)
  })

  it('shows the same picture as the AVIF encoding of the same photo', async () => {
    const [fromHeic, fromAvif] = await Promise.all([processImage(heic, defaultLimits), processImage(readFixture('sample.avif'), defaultLimits)])
    expect(hammingDistance(fromHeic.dhash, fromAvif.dhash)).toBeLessThanOrEqual(8)
  })

  it('decodes concurrent uploads, and a corrupt one does not disturb the others', async () => {
    const results = await Promise.allSettled([
      decodeHeic(heic, defaultLimits),
      decodeHeic(heic.subarray(0, heic.length - 4000), defaultLimits),
      decodeHeic(heic, defaultLimits),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const refused = results[1]
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(MediaError)
    expect(refused?.status === 'rejected' && (refused.reason as MediaError).code).toBe('CORRUPT')
  })

  it('leaves the caller’s buffer intact (it is hashed afterwards)', async () => {
    const input = Buffer.from(heic)
    await decodeHeic(input, defaultLimits)
    expect(input.equals(heic)).toBe(true)
  })
})
