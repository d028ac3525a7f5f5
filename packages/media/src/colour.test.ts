import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { readFixture } from './fixtures.testing.ts'
import { processImage, type ProcessedImage } from './index.ts'
import { defaultLimits } from './limits.testing.ts'

const FILES = [
  'Channel_digital_image_CMYK_color_no_profile.jpg',
  'Flag_of_the_Netherlands-16bit.png',
  'Flag_of_the_Netherlands.png',
  'bggn4a16.png',
  'concert.jpg',
  'p3.png',
  'prophoto.png',
  'with-alpha.png',
  '5_webp_a.webp',
  'full-transparent.png',
  'flowers.jpeg',
  'Landscape_9.jpg',
] as const
type File = (typeof FILES)[number]

const results = new Map<File, ProcessedImage>()
beforeAll(async () => {
  await Promise.all(FILES.map(async (file) => results.set(file, await processImage(readFixture(file), defaultLimits))))
})

function result(file: File): ProcessedImage {
  const image = results.get(file)
  if (!image) throw new Error(`${file} was not processed`)
  return image
}

// Decoded through sharp's colour management (or not), then averaged here: stats() would describe the input's
// own channels (CMYK, grey) rather than the converted pixels.
async function meanRgb(input: Buffer, options?: { ignoreIcc: boolean }): Promise<number[]> {
  const { data, info } = await sharp(input, options).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true })
  let [r, g, b] = [0, 0, 0]
  for (let i = 0; i < data.length; i += info.channels) {
    r += data[i] ?? 0
    g += data[i + 1] ?? 0
    b += data[i + 2] ?? 0
  }
  return [r, g, b].map((sum) => sum / (info.width * info.height))
}

const distance = (a: number[], b: number[]): number => Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)))

describe('colour', () => {
  it('turns every output into untagged 8-bit sRGB', async () => {
    for (const file of FILES) {
      for (const variant of Object.values(result(file).variants)) {
        const meta = await sharp(variant.data).metadata()
        expect(meta.space, file).toBe('srgb')
        expect(meta.depth, file).toBe('uchar')
        expect(meta.icc, file).toBeUndefined()
      }
    }
  })

  it('converts a CMYK JPEG without a profile to 3-channel sRGB', async () => {
    const file = 'Channel_digital_image_CMYK_color_no_profile.jpg'
    const meta = await sharp(result(file).variants.original.data).metadata()
    expect(meta.channels).toBe(3)
    // Against sharp's own CMYK→sRGB conversion of the same file: the colours must match, not merely the channel count.
    expect(distance(await meanRgb(result(file).variants.original.data), await meanRgb(readFixture(file)))).toBeLessThan(3)
  })

  it('reduces 16-bit PNGs to 8 bits without changing the picture', async () => {
    const deep = result('Flag_of_the_Netherlands-16bit.png')
    const shallow = result('Flag_of_the_Netherlands.png')
    expect(deep.dhash).toBe(shallow.dhash)
    expect(distance(await meanRgb(deep.variants.large.data), await meanRgb(shallow.variants.large.data))).toBeLessThan(2)
    expect(await sharp(result('bggn4a16.png').variants.original.data).metadata()).toMatchObject({ depth: 'uchar', hasAlpha: true })
  })

  it.each(['p3.png', 'prophoto.png', 'concert.jpg'] as const)('applies the embedded ICC profile of %s', async (file) => {
    const ours = await meanRgb(result(file).variants.original.data)
    const managed = await meanRgb(readFixture(file))
    const unmanaged = await meanRgb(readFixture(file), { ignoreIcc: true })
    expect(distance(ours, managed)).toBeLessThan(distance(ours, unmanaged) + 0.001)
    expect(distance(ours, managed)).toBeLessThan(4)
  })

  it('keeps transparency in every variant of a photo that has it, and adds none to one that does not', async () => {
    for (const file of ['with-alpha.png', '5_webp_a.webp', 'full-transparent.png', 'bggn4a16.png'] as const) {
      for (const variant of Object.values(result(file).variants)) expect((await sharp(variant.data).metadata()).hasAlpha, file).toBe(true)
    }
    for (const file of ['flowers.jpeg', 'concert.jpg', 'Landscape_9.jpg'] as const) {
      for (const variant of Object.values(result(file).variants)) expect((await sharp(variant.data).metadata()).hasAlpha, file).toBe(false)
    }
  })
})
