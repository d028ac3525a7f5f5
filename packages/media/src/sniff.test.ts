import { readdirSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { FIXTURES_DIR, readFixture, readManifest } from './fixtures.testing.ts'
import { describeContent, MediaError, processImage, sniffFormat, type ImageFormat } from './index.ts'
import { defaultLimits } from './limits.testing.ts'

// Counts every sharp() call made by the pipeline, to prove that refused files never reach libvips.
const sharpCalls = vi.hoisted(() => ({ count: 0 }))
vi.mock('sharp', async (importOriginal) => {
  const real = (await importOriginal<{ default: (...args: unknown[]) => unknown }>()).default
  const counted = Object.assign((...args: unknown[]) => {
    sharpCalls.count++
    return real(...args)
  }, real)
  return { default: counted }
})

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text)
const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...ascii(part)] : part)))
/** An ISO-BMFF file's opening ftyp box with the given major and compatible brands. */
const ftyp = (major: string, ...compatible: string[]): Uint8Array =>
  bytes([0, 0, 0, 16 + 4 * compatible.length], 'ftyp', major, [0, 0, 0, 0], compatible.join(''), [0, 0, 0, 8], 'meta')

const svgFixtures = readdirSync(FIXTURES_DIR).filter((name) => name.endsWith('.svg'))

describe('sniffFormat', () => {
  it('recognises every accepted fixture by its magic bytes', () => {
    const expected: Record<string, ImageFormat> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', gif: 'gif', webp: 'webp', tif: 'tiff', tiff: 'tiff', avif: 'avif', heic: 'heic' }
    for (const row of readManifest().filter((r) => r.accept)) {
      const extension = row.filename.split('.').pop() ?? ''
      expect(sniffFormat(readFixture(row.filename)), row.filename).toBe(expected[extension])
    }
  })

  it('tells AVIF from HEIC by the ftyp brands', () => {
    expect(sniffFormat(ftyp('avif', 'avif', 'mif1', 'miaf'))).toBe('avif')
    expect(sniffFormat(ftyp('heic', 'mif1', 'heic'))).toBe('heic')
    expect(sniffFormat(ftyp('mif1', 'mif1', 'heic'))).toBe('heic')
    expect(sniffFormat(ftyp('mif1', 'mif1', 'avif'))).toBe('avif')
    expect(sniffFormat(ftyp('heix', 'mif1', 'heix'))).toBe('heic')
    expect(sniffFormat(ftyp('mif1', 'mif1', 'miaf'))).toBeNull() // codec unknown: neither decoder is a safe bet
    expect(sniffFormat(ftyp('isom', 'isom', 'mp42'))).toBeNull()
    expect(describeContent(ftyp('isom', 'isom', 'mp42'))).toBe('a video')
  })

  it('refuses SVG and XML in any form', () => {
    for (const name of svgFixtures) expect(sniffFormat(readFixture(name)), name).toBeNull()
    const variants = [
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      '\ufeff  <?xml version="1.0"?>\n<!DOCTYPE svg><SVG/>',
      '<!-- a comment first --><svg/>',
      '<?xml version="1.0"?><html/>',
    ]
    for (const text of variants) expect(sniffFormat(ascii(text)), text).toBeNull()
    expect(sniffFormat(bytes([0x1f, 0x8b, 0x08, 0x00], 'compressed svgz'))).toBeNull()
  })

  it('refuses polyglots whose image magic hides SVG that libvips would render', () => {
    const gif = bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0], '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    const tiff = bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0], 'padding padding padding <svg/>')
    expect(sniffFormat(gif)).toBeNull()
    expect(sniffFormat(tiff)).toBeNull()
    expect(describeContent(gif)).toBe('an image with SVG content hidden inside')
  })

  it('refuses other formats and says what they are', () => {
    expect(describeContent(readFixture('sample.bmp'))).toBe('a BMP image')
    expect(describeContent(readFixture('relax_tileparts.jp2'))).toBe('a JPEG 2000 image')
    expect(describeContent(readFixture('check.svg'))).toBe('an SVG')
    expect(describeContent(bytes([0xff, 0x0a, 0, 0]))).toBe('a JPEG XL image')
    expect(describeContent(ascii('%PDF-1.7'))).toBe('a PDF')
    expect(describeContent(ascii('hello'))).toBe('not a recognised image')
    for (const head of [readFixture('sample.bmp'), readFixture('relax_tileparts.jp2'), ascii('%PDF-1.7'), new Uint8Array()]) {
      expect(sniffFormat(head)).toBeNull()
    }
  })
})

describe('refusing before decoding', () => {
  it.each(svgFixtures.filter((name) => name !== 'bug785276-empty.svg'))('refuses %s without ever calling sharp', async (name) => {
    const before = sharpCalls.count
    const error = await processImage(readFixture(name), defaultLimits).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MediaError)
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: 'This file is an SVG; only photos (JPEG, PNG, WebP, AVIF, HEIC, GIF, TIFF) are accepted',
    })
    expect(sharpCalls.count).toBe(before)
  })

  it('does call sharp for a photo (the spy above works)', async () => {
    const before = sharpCalls.count
    await processImage(readFixture('hopper.gif'), defaultLimits)
    expect(sharpCalls.count).toBeGreaterThan(before)
  })
})
