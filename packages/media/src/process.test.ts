import sharp from 'sharp'
import { thumbHashToApproximateAspectRatio } from 'thumbhash'
import { beforeAll, describe, expect, it } from 'vitest'
import { readFixture, readManifest, type FixtureRow } from './fixtures.testing.ts'
import { MediaError, processImage, type MediaErrorCode, type ProcessedImage, type Variant } from './index.ts'
import { defaultLimits } from './limits.testing.ts'

const manifest = readManifest()
const accepted = manifest.filter((row) => row.accept)
const refused = manifest.filter((row) => !row.accept)
const VARIANTS: Variant[] = ['thumb', 'small', 'large', 'original']

// Which refusal each kind of bad file deserves. A new category in the manifest fails loudly here rather than
// being checked against nothing.
const REFUSAL_BY_CATEGORY: Record<string, MediaErrorCode[]> = {
  'svg-benign': ['UNSUPPORTED_FORMAT'],
  'svg-external-ref': ['UNSUPPORTED_FORMAT'],
  'svg-dos': ['UNSUPPORTED_FORMAT'],
  'unsupported-format': ['UNSUPPORTED_FORMAT'],
  'zero-byte': ['EMPTY'],
  'truncated-jpeg': ['CORRUPT'],
  'truncated-png': ['CORRUPT'],
  'corrupt-jpeg': ['CORRUPT'],
  garbage: ['CORRUPT'],
  'garbage+polyglot': ['CORRUPT'],
  // lottapixel.jpg declares its 4 Gpx honestly; decompression_bomb.gif's frame overruns its own screen, which
  // libvips refuses as a corrupt header before any size is known.
  'decompression-bomb': ['TOO_MANY_PIXELS', 'CORRUPT'],
}

// Every accepted fixture is processed once, up front and concurrently; the tests below only inspect results.
const results = new Map<string, ProcessedImage | Error>()
beforeAll(async () => {
  await Promise.all(
    accepted.map(async (row) => {
      results.set(row.filename, await processImage(readFixture(row.filename), defaultLimits).catch((error: unknown) => error as Error))
    }),
  )
})

function processed(row: FixtureRow): ProcessedImage {
  const result = results.get(row.filename)
  if (!result || result instanceof Error) throw new Error(`${row.filename} was refused: ${String(result)}`, { cause: result })
  return result
}

describe('accepted photos', () => {
  it.each(accepted.map((row) => [row.filename, row] as const))('accepts %s at its upright size', (_, row) => {
    const image = processed(row)
    expect(row.expected, 'manifest gives no size').not.toBeNull()
    expect({ width: image.width, height: image.height }).toEqual(row.expected)
    expect(image.variants.original).toMatchObject({ width: image.width, height: image.height })
  })

  it('hashes the original bytes, so byte-identical uploads share one content address', () => {
    for (const row of accepted) expect(processed(row).sha256, row.filename).toBe(row.sha256)
    const pair = accepted.filter((row) => row.category === 'dedup-identical-pair').map((row) => processed(row).sha256)
    expect(pair).toHaveLength(2)
    expect(new Set(pair).size).toBe(1)
  })

  it('never enlarges: small and large are width-bounded, the thumb a square of at most 320', () => {
    for (const row of accepted) {
      const { width, height, variants } = processed(row)
      for (const variant of VARIANTS) {
        expect(variants[variant].width, `${row.filename} ${variant}`).toBeLessThanOrEqual(width)
        expect(variants[variant].height, `${row.filename} ${variant}`).toBeLessThanOrEqual(height)
      }
      expect(variants.thumb.width, row.filename).toBe(variants.thumb.height)
      expect(variants.thumb.width).toBe(Math.min(320, width, height))
      expect(variants.small.width).toBe(Math.min(640, width))
      expect(variants.large.width).toBe(Math.min(1080, width))
    }
  })

  it('writes no EXIF, GPS, XMP or IPTC into any variant, and never the uploaded bytes', async () => {
    for (const row of accepted) {
      for (const variant of VARIANTS) {
        const rendered = processed(row).variants[variant]
        const meta = await sharp(rendered.data).metadata()
        expect(meta.format, `${row.filename} ${variant}`).toBe(rendered.ext === 'jpg' ? 'jpeg' : rendered.ext)
        expect(meta.exif, `${row.filename} ${variant} exif`).toBeUndefined()
        expect(meta.xmp, `${row.filename} ${variant} xmp`).toBeUndefined()
        expect(meta.iptc, `${row.filename} ${variant} iptc`).toBeUndefined()
        expect({ width: meta.width, height: meta.height }).toEqual({ width: rendered.width, height: rendered.height })
        expect(rendered.contentType).toBe(`image/${meta.format}`)
      }
    }
    // A valid GIF carrying a PHP payload in a comment block: what we serve is a re-encode without it.
    const polyglot = processed(accepted.find((row) => row.filename === 'POC_phpinfo-metadata.gif') ?? accepted[0]!)
    for (const variant of VARIANTS) expect(polyglot.variants[variant].data.includes('php')).toBe(false)
  })

  it('gives every photo a 64-bit dHash and a ThumbHash with its aspect ratio', () => {
    for (const row of accepted) {
      const image = processed(row)
      expect(image.dhash, row.filename).toMatch(/^[0-9a-f]{16}$/)
      const ratio = thumbHashToApproximateAspectRatio(Buffer.from(image.placeholder, 'base64'))
      // ThumbHash stores the ratio coarsely, and clamps it for extreme shapes such as a 1x2 photo.
      const expected = Math.min(Math.max(image.width / image.height, 1 / 7), 7)
      expect(Math.abs(Math.log(ratio / expected)), row.filename).toBeLessThan(0.35)
    }
  })

  it('reads the first frame of an animation and the primary image of a multi-image HEIF', () => {
    const byName = (name: string) => processed(accepted.find((row) => row.filename === name)!)
    expect(byName('rotating-squares.gif')).toMatchObject({ width: 80, height: 80 })
    expect(byName('rotating-squares.webp')).toMatchObject({ width: 80, height: 80 })
    expect(byName('pitm.avif')).toMatchObject({ format: 'avif', width: 4096, height: 800 })
    expect(byName('sample.heic')).toMatchObject({ format: 'heic', width: 123, height: 456 })
  })
})

describe('refused files', () => {
  it.each(refused.map((row) => [row.filename, row] as const))('refuses %s', async (_, row) => {
    const codes = REFUSAL_BY_CATEGORY[row.category]
    expect(codes, `no expected refusal for category ${row.category}`).toBeDefined()
    const error = await processImage(readFixture(row.filename), defaultLimits).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error, `${row.filename} was accepted`).toBeInstanceOf(MediaError)
    const { code, message } = error as MediaError
    expect(codes).toContain(code)
    // Shown to the uploader as is: a sentence about their file, not a decoder's internals.
    expect(message).toMatch(/^The (image|file)|^This file/)
    expect(message).not.toMatch(/vips|sharp|heif|libpng|jpeg datastream/i)
  })

  it('names the limit when a photo has too many pixels', async () => {
    await expect(processImage(readFixture('lottapixel.jpg'), defaultLimits)).rejects.toThrow('The image is 64250×64250 pixels; the limit is 100 megapixels')
  })
})
