import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { dhashOf } from './dhash.ts'
import { readFixture } from './fixtures.testing.ts'
import { hammingDistance, processImage, type ProcessedImage } from './index.ts'
import { defaultLimits } from './limits.testing.ts'

// recurser's Landscape_1..8 are one photo stored eight ways, each with the EXIF Orientation that puts it
// upright again. Landscape_1 was re-saved and is slightly brighter, so they are compared by perceptual hash,
// which ignores small tonal shifts but not a mirror or a quarter turn.
const ORIENTATIONS = [1, 2, 3, 4, 5, 6, 7, 8] as const
const landscapes = new Map<number, ProcessedImage>()
beforeAll(async () => {
  await Promise.all(ORIENTATIONS.map(async (n) => landscapes.set(n, await processImage(readFixture(`Landscape_${n}.jpg`), defaultLimits))))
})

function landscape(n: number): ProcessedImage {
  const image = landscapes.get(n)
  if (!image) throw new Error(`Landscape_${n} was not processed`)
  return image
}

/** The dHash of the pixels as stored, ignoring EXIF Orientation: what a pipeline that forgot `.rotate()` would show. */
async function dhashIgnoringOrientation(input: Buffer): Promise<string> {
  const { data, info } = await sharp(input).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true })
  if (info.channels !== 3) throw new Error('expected RGB')
  return dhashOf({ data, width: info.width, height: info.height, channels: 3 })
}

describe('EXIF orientation', () => {
  it.each(ORIENTATIONS)('Landscape_%i comes out upright at 600×450, in every variant', (n) => {
    const image = landscape(n)
    expect({ width: image.width, height: image.height }).toEqual({ width: 600, height: 450 })
    expect(image.variants.small).toMatchObject({ width: 600, height: 450 })
    expect(image.variants.thumb).toMatchObject({ width: 320, height: 320 })
  })

  it.each(ORIENTATIONS)('Landscape_%i looks like Landscape_1', (n) => {
    expect(hammingDistance(landscape(1).dhash, landscape(n).dhash)).toBeLessThanOrEqual(4)
  })

  // The control for the test above: a hash that cannot tell a mirrored or turned photo apart would make it pass
  // whatever the pipeline did.
  it.each(ORIENTATIONS.filter((n) => n !== 1))('Landscape_%i left as stored would look clearly different', async (n) => {
    const stored = await dhashIgnoringOrientation(readFixture(`Landscape_${n}.jpg`))
    expect(hammingDistance(landscape(1).dhash, stored)).toBeGreaterThanOrEqual(16)
  })

  it('orients tiny and big-endian-EXIF JPEGs and TIFFs too', async () => {
    await expect(processImage(readFixture('1x2-flipped-big-endian.jpg'), defaultLimits)).resolves.toMatchObject({ width: 2, height: 1 })
    await expect(processImage(readFixture('orientation_rectangle.jpg'), defaultLimits)).resolves.toMatchObject({ width: 1, height: 2 })
    await expect(processImage(readFixture('g4_orientation_8.tif'), defaultLimits)).resolves.toMatchObject({ width: 590, height: 88 })
  })
})
