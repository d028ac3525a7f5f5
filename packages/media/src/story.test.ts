import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { processImage, STORY_BOX } from './index.ts'
import { defaultLimits } from './limits.testing.ts'
import { syntheticPhoto } from './testing.ts'

describe('the story size', () => {
  it('fits a tall photo inside 1080×1920 without cropping it', async () => {
    const image = await processImage(await syntheticPhoto(1500, 3000), defaultLimits, undefined, ['story'])
    expect(image.variants.story).toMatchObject({ width: 960, height: 1920, contentType: 'image/webp' })
    const meta = await sharp(image.variants.story.data).metadata()
    expect([meta.width, meta.height, meta.exif, meta.icc]).toEqual([960, 1920, undefined, undefined])
  })

  it('fits a wide photo by its width and never enlarges a small one', async () => {
    const wide = await processImage(await syntheticPhoto(2400, 1200), defaultLimits, undefined, ['story'])
    expect([wide.variants.story.width, wide.variants.story.height]).toEqual([STORY_BOX.width, 540])
    const small = await processImage(await syntheticPhoto(300, 500), defaultLimits, undefined, ['story'])
    expect([small.variants.story.width, small.variants.story.height]).toEqual([300, 500])
  })

  it('is rendered only when asked for', async () => {
    const image = await processImage(await syntheticPhoto(400, 300), defaultLimits)
    expect(Object.keys(image.variants).sort()).toEqual(['large', 'original', 'small', 'thumb'])
  })
})
