import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { readFixture } from './fixtures.testing.ts'
import { MediaError, processImage, type MediaLimits } from './index.ts'
import { syntheticPhoto } from './testing.ts'
import { defaultLimits } from './limits.testing.ts'

async function refusal(input: Buffer, limits: Partial<MediaLimits> = {}): Promise<MediaError> {
  const error = await processImage(input, { ...defaultLimits, ...limits }).then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof MediaError)) throw new Error(`expected a MediaError, got ${String(error)}`)
  return error
}

describe('limits', () => {
  it('runs under the server defaults: 25 MB (decimal) and 100 megapixels', () => {
    expect(defaultLimits).toEqual({ maxBytes: 25_000_000, maxPixels: 100_000_000 })
  })

  it('refuses an empty file', async () => {
    expect(await refusal(Buffer.alloc(0))).toMatchObject({ code: 'EMPTY', message: 'The file is empty' })
  })

  it('refuses a file over the byte limit before looking inside it', async () => {
    expect(await refusal(readFixture('flowers.jpeg'), { maxBytes: 80_000 })).toMatchObject({
      code: 'TOO_LARGE',
      message: 'The file is 85.3 KB; the limit is 80 KB',
    })
    expect(await refusal(Buffer.alloc(26_000_000, 0xff))).toMatchObject({
      code: 'TOO_LARGE',
      message: 'The file is 26 MB; the limit is 25 MB',
    })
  })

  it('refuses a photo over the pixel limit, naming its size', async () => {
    expect(await refusal(readFixture('flowers.jpeg'), { maxPixels: 1_000_000 })).toMatchObject({
      code: 'TOO_MANY_PIXELS',
      message: 'The image is 1920×1080 pixels; the limit is 1 megapixel',
    })
  })

  it('checks an HEIC against the pixel limit before decoding it', async () => {
    expect(await refusal(readFixture('sample.heic'), { maxPixels: 50_000 })).toMatchObject({
      code: 'TOO_MANY_PIXELS',
      message: 'The image is 123×456 pixels; the limit is 0.1 megapixels',
    })
  })

  it('refuses a truncated HEIC as corrupt', async () => {
    const heic = readFixture('sample.heic')
    expect(await refusal(heic.subarray(0, heic.length / 2))).toMatchObject({ code: 'CORRUPT', message: 'The image is truncated or corrupt' })
    expect(await refusal(heic.subarray(0, 200))).toMatchObject({ code: 'CORRUPT' })
  })

  it('rejects nonsensical limits as a programming error', async () => {
    await expect(processImage(readFixture('hopper.gif'), { ...defaultLimits, maxPixels: 0 })).rejects.toThrow(RangeError)
  })
})

describe('large photos', () => {
  it('processes a 12 MP camera photo into every size', async () => {
    const image = await processImage(await syntheticPhoto(4000, 3000), defaultLimits)
    expect(image).toMatchObject({ format: 'jpeg', width: 4000, height: 3000 })
    expect(image.variants.thumb).toMatchObject({ width: 320, height: 320, contentType: 'image/webp', ext: 'webp' })
    expect(image.variants.small).toMatchObject({ width: 640, height: 480 })
    expect(image.variants.large).toMatchObject({ width: 1080, height: 810 })
    expect(image.variants.original).toMatchObject({ width: 4000, height: 3000, contentType: 'image/webp' })
  })

  it('keeps a panorama wider than WebP allows at full size, as JPEG', async () => {
    const panorama = await sharp({ create: { width: 17000, height: 300, channels: 3, background: '#3a6ea5' } }).png().toBuffer()
    const image = await processImage(panorama, defaultLimits)
    expect(image.variants.original).toMatchObject({ width: 17000, height: 300, contentType: 'image/jpeg', ext: 'jpg' })
    expect(image.variants.large).toMatchObject({ width: 1080, height: 19, contentType: 'image/webp' })
    expect(image.variants.thumb).toMatchObject({ width: 300, height: 300 })
  })
})
