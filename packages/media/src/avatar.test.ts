import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { dhashOf } from './dhash.ts'
import { readFixture, readManifest } from './fixtures.testing.ts'
import { AVATAR_SIZES, AvatarCropError, hammingDistance, MediaError, renderAvatar, type RenderedAvatar } from './index.ts'
import { defaultLimits } from './limits.testing.ts'

/** The rendered pixels as a DecodedImage, for hashing and sampling. */
async function pixels(data: Buffer) {
  const { data: raw, info } = await sharp(data).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data: raw, width: info.width, height: info.height, channels: 3 as const }
}

/** A 200×100 photo: red on the left half, blue on the right. */
const halves = () =>
  sharp({ create: { width: 200, height: 100, channels: 3, background: '#ff0000' } })
    .composite([{ input: { create: { width: 100, height: 100, channels: 3, background: '#0000ff' } }, left: 100, top: 0 }])
    .png()
    .toBuffer()

/** The mean colour of a rendered size. */
async function mean(data: Buffer) {
  const { channels } = await sharp(data).removeAlpha().stats()
  return channels.map((c) => Math.round(c.mean))
}

describe('avatar sizes', () => {
  it('renders 48, 96 and 320 px squares as WebP, from any shape of photo', async () => {
    for (const file of ['flowers.jpeg', 'progressive.jpg', 'swiss.png', 'with-alpha.png']) {
      const avatar = await renderAvatar(readFixture(file), defaultLimits)
      for (const size of AVATAR_SIZES) {
        const meta = await sharp(avatar.sizes[size].data).metadata()
        expect({ file, format: meta.format, width: meta.width, height: meta.height }).toEqual({ file, format: 'webp', width: size, height: size })
        expect(avatar.sizes[size]).toMatchObject({ width: size, height: size, contentType: 'image/webp', ext: 'webp' })
      }
      expect(avatar.placeholder.length, file).toBeGreaterThan(10)
    }
  })

  it('is addressed by the content of its largest size: the same photo and crop give the same address', async () => {
    const a = await renderAvatar(readFixture('flowers.jpeg'), defaultLimits)
    const b = await renderAvatar(readFixture('flowers.jpeg'), defaultLimits, a.crop)
    const c = await renderAvatar(readFixture('flowers.jpeg'), defaultLimits, { x: 0, y: 0, size: 500 })
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(b.sha256).toBe(a.sha256)
    expect(c.sha256).not.toBe(a.sha256)
  })
})

describe('what an avatar carries', () => {
  it('writes no EXIF (so no GPS), XMP, IPTC or ICC into any size', async () => {
    // flowers.jpeg with a GPS position written into its EXIF, and Landscape_9 with camera EXIF, IPTC and XMP.
    const withGps = await sharp(readFixture('flowers.jpeg'))
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 28/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 17/1 0/1' } })
      .jpeg()
      .toBuffer()
    const inMeta = await sharp(withGps).metadata()
    expect(inMeta.exif?.includes(Buffer.from([0x88, 0x25])) || inMeta.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true)
    for (const input of [withGps, readFixture('Landscape_9.jpg')]) {
      const avatar = await renderAvatar(input, defaultLimits)
      for (const size of AVATAR_SIZES) {
        const meta = await sharp(avatar.sizes[size].data).metadata()
        expect(meta.exif).toBeUndefined()
        expect(meta.xmp).toBeUndefined()
        expect(meta.iptc).toBeUndefined()
        expect(meta.icc).toBeUndefined()
      }
    }
  })

  it('honours EXIF orientation: every Landscape_N gives the avatar of the upright photo', async () => {
    const upright = await renderAvatar(readFixture('Landscape_1.jpg'), defaultLimits)
    const reference = await dhashOf(await pixels(upright.sizes[320].data))
    for (const n of [2, 3, 4, 5, 6, 7, 8]) {
      const avatar: RenderedAvatar = await renderAvatar(readFixture(`Landscape_${n}.jpg`), defaultLimits)
      expect({ n, width: avatar.width, height: avatar.height, crop: avatar.crop }).toEqual({ n, width: 600, height: 450, crop: { x: 75, y: 0, size: 450 } })
      expect(hammingDistance(reference, await dhashOf(await pixels(avatar.sizes[320].data))), `Landscape_${n}`).toBeLessThanOrEqual(6)
    }
  })
})

describe('the crop', () => {
  it('takes the centre when none is given, and exactly the box when one is', async () => {
    const photo = await halves()
    const centre = await renderAvatar(photo, defaultLimits)
    expect(centre.crop).toEqual({ x: 50, y: 0, size: 100 })
    const [r, , b] = await mean(centre.sizes[96].data)
    expect(Math.abs(r! - b!)).toBeLessThan(20)

    const left = await renderAvatar(photo, defaultLimits, { x: 0, y: 0, size: 100 })
    const right = await renderAvatar(photo, defaultLimits, { x: 100, y: 0, size: 100 })
    for (const size of AVATAR_SIZES) {
      expect((await mean(left.sizes[size].data))[0]).toBeGreaterThan(230)
      expect((await mean(left.sizes[size].data))[2]).toBeLessThan(25)
      expect((await mean(right.sizes[size].data))[2]).toBeGreaterThan(230)
      expect((await mean(right.sizes[size].data))[0]).toBeLessThan(25)
    }
  })

  it('is in the upright photo: a box that fits only the stored (sideways) pixels is refused', async () => {
    // Landscape_6 is stored 450×600 and upright 600×450.
    await expect(renderAvatar(readFixture('Landscape_6.jpg'), defaultLimits, { x: 0, y: 100, size: 450 })).rejects.toBeInstanceOf(AvatarCropError)
    await expect(renderAvatar(readFixture('Landscape_6.jpg'), defaultLimits, { x: 150, y: 0, size: 450 })).resolves.toMatchObject({ crop: { x: 150, y: 0, size: 450 } })
  })

  it.each([
    { x: 150, y: 0, size: 100 },
    { x: 0, y: 1, size: 100 },
    { x: -1, y: 0, size: 10 },
    { x: 0, y: 0, size: 0 },
    { x: 0.5, y: 0, size: 10 },
    { x: 0, y: 0, size: 101 },
  ])('refuses a box outside the image: %o', async (crop) => {
    await expect(renderAvatar(await halves(), defaultLimits, crop)).rejects.toBeInstanceOf(AvatarCropError)
  })
})

describe('refusals', () => {
  it('refuses every file the post pipeline refuses, with the same MediaError', async () => {
    const refused = readManifest().filter((row) => !row.accept)
    expect(refused.length).toBeGreaterThan(5)
    for (const row of refused) {
      const error = await renderAvatar(readFixture(row.filename), defaultLimits).catch((e: unknown) => e)
      expect(error, row.filename).toBeInstanceOf(MediaError)
    }
  })

  it('refuses files over the byte and pixel limits', async () => {
    await expect(renderAvatar(readFixture('flowers.jpeg'), { ...defaultLimits, maxBytes: 1000 })).rejects.toMatchObject({ code: 'TOO_LARGE' })
    await expect(renderAvatar(readFixture('flowers.jpeg'), { ...defaultLimits, maxPixels: 1_000_000 })).rejects.toMatchObject({ code: 'TOO_MANY_PIXELS' })
  })
})
