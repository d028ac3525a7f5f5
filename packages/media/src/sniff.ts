// Deciding what a file is from its first bytes, before any decoder sees it. This is an allow-list: anything that
// is not positively one of the seven accepted formats is refused, so SVG (scriptable XML that librsvg can spend
// seconds or gigabytes on), PDF, BMP and friends never reach libvips, whatever their file name or content type.

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff' | 'gif' | 'heic'

/** How many leading bytes `sniffFormat` and `describeContent` look at; pass at least this many when you can. */
export const SNIFF_BYTES = 4096

const AVIF_BRANDS = new Set(['avif', 'avis'])
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'])
const VIDEO_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'qt  ', 'M4V ', 'M4A ', 'dash', '3gp4', '3gp5', '3gp6', '3g2a'])

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false
  return bytes.every((b, i) => head[offset + i] === b)
}

function ascii(head: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...head.subarray(start, end))
}

/** The ftyp box's major and compatible brands, or null if the file does not open with a sane ftyp box. */
function ftypBrands(head: Uint8Array): { major: string; all: string[] } | null {
  if (head.length < 16 || ascii(head, 4, 8) !== 'ftyp') return null
  const size = (((head[0] ?? 0) << 24) | ((head[1] ?? 0) << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0)) >>> 0
  if (size < 16 || size > 4096 || size % 4 !== 0) return null
  const major = ascii(head, 8, 12)
  const all = [major]
  for (let at = 16; at + 4 <= Math.min(size, head.length); at += 4) all.push(ascii(head, at, at + 4))
  return { major, all }
}

// The major brand says what the file is meant to be; compatible brands only break a tie when it is generic
// (e.g. `mif1`). An HEVC HEIC must not be handed to sharp (no HEVC decoder), nor an AVIF to libheif-js (no AV1).
function heifFamily(head: Uint8Array): 'avif' | 'heic' | null {
  const brands = ftypBrands(head)
  if (!brands) return null
  if (AVIF_BRANDS.has(brands.major)) return 'avif'
  if (HEIC_BRANDS.has(brands.major)) return 'heic'
  if (brands.all.some((b) => AVIF_BRANDS.has(b))) return 'avif'
  if (brands.all.some((b) => HEIC_BRANDS.has(b))) return 'heic'
  return null
}

// libvips' svgload claims any buffer with "<svg" (any case) in its first kilobyte or so, provided the bytes
// before it are valid UTF-8. JPEG and PNG can never pass (their first byte is not UTF-8), but GIF, TIFF, WebP and
// ftyp headers can, so a crafted "GIF89a…<svg" polyglot is refused here rather than trusting libvips to try its
// GIF loader first (it does today, by loader priority, and the format check after metadata() backs this up).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

function looksLikeSvgToLibvips(head: Uint8Array): boolean {
  const at = svgTagOffset(head)
  if (at < 0) return false
  try {
    strictUtf8.decode(head.subarray(0, at))
    return true
  } catch {
    return false
  }
}

function svgTagOffset(head: Uint8Array): number {
  return Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, SNIFF_BYTES)).toString('latin1').search(/<svg/i)
}

/**
 * Magic-byte sniff of the first bytes of a file (see `SNIFF_BYTES`). Returns null for anything that is not an
 * accepted photo format: SVG/XML in any form, BMP, JPEG 2000, JPEG XL, PDF, text, empty input.
 */
export function sniffFormat(head: Uint8Array): ImageFormat | null {
  const format = sniffMagic(head)
  if (format === null || looksLikeSvgToLibvips(head)) return null
  return format
}

function sniffMagic(head: Uint8Array): ImageFormat | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (head.length >= 6 && (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a')) return 'gif'
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp'
  // Classic TIFF (42) and BigTIFF (43), little- and big-endian.
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff'
  if (startsWith(head, [0x49, 0x49, 0x2b, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff'
  return heifFamily(head)
}

/**
 * What a refused file appears to be, phrased to complete "This file is …", so the refusal can say "an SVG" rather
 * than a generic "unsupported".
 */
export function describeContent(head: Uint8Array): string {
  if (head.length === 0) return 'empty'
  if (sniffMagic(head) !== null && looksLikeSvgToLibvips(head)) return 'an image with SVG content hidden inside'
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, SNIFF_BYTES)).toString('latin1')
  const trimmed = text.replace(/^(\xef\xbb\xbf|\xfe\xff|\xff\xfe)/, '').trimStart()
  if (svgTagOffset(head) >= 0 && trimmed.startsWith('<')) return 'an SVG'
  if (trimmed.startsWith('<')) return 'an XML or HTML document'
  if (startsWith(head, [0x1f, 0x8b])) return 'a compressed file (such as SVGZ)'
  if (startsWith(head, [0x42, 0x4d])) return 'a BMP image'
  if (startsWith(head, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(head, [0xff, 0x4f, 0xff, 0x51])) {
    return 'a JPEG 2000 image'
  }
  if (startsWith(head, [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20]) || startsWith(head, [0xff, 0x0a])) return 'a JPEG XL image'
  if (text.startsWith('%PDF')) return 'a PDF'
  if (text.startsWith('8BPS')) return 'a Photoshop document'
  if (startsWith(head, [0x00, 0x00, 0x01, 0x00])) return 'an icon file'
  const brands = ftypBrands(head)
  if (brands?.all.some((b) => VIDEO_BRANDS.has(b))) return 'a video'
  if (brands) return 'an unsupported HEIF or MP4-family file'
  return 'not a recognised image'
}
