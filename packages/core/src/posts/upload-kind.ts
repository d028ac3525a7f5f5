export type UploadKind = 'image' | 'video'

/** How many leading bytes decide whether a file is a video (an ftyp box's brands, or the EBML magic). */
export const SNIFF_HEAD_BYTES = 64

// ISO BMFF brands that are still images (HEIC, AVIF): an ftyp box alone does not make a video.
const IMAGE_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis'])

/** A video when its first bytes say MP4/MOV (an ftyp box whose major brand is not an image's) or WebM/Matroska (EBML). */
export function sniffUploadKind(head: Buffer): UploadKind {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'video'
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') return IMAGE_BRANDS.has(head.toString('latin1', 8, 12)) ? 'image' : 'video'
  // A QuickTime file may open with another atom (wide, mdat, moov) before any ftyp.
  if (head.length >= 8 && ['wide', 'mdat', 'moov', 'free'].includes(head.toString('latin1', 4, 8))) return 'video'
  return 'image'
}
