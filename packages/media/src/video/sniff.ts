// Which container a file is, from its first bytes, before ffprobe is asked anything: an allow-list, so a text
// file, a photo or an archive named `.mp4` never reaches a demuxer.

export type VideoContainer = 'mp4' | 'mov' | 'webm'

// HEIF/AVIF still images share the ISO box format; they are photos, never videos.
const IMAGE_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis'])
// Old QuickTime files may open without an ftyp box, straight on one of these atoms.
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip'])
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3]

function ascii(head: Buffer, start: number, end: number): string {
  return head.subarray(start, end).toString('latin1')
}

export function sniffVideo(head: Buffer): VideoContainer | null {
  if (head.length < 12) return null
  const box = ascii(head, 4, 8)
  if (box === 'ftyp') {
    const major = ascii(head, 8, 12)
    if (IMAGE_BRANDS.has(major)) return null
    return major === 'qt  ' ? 'mov' : 'mp4'
  }
  if (QUICKTIME_ATOMS.has(box)) return 'mov'
  if (EBML_MAGIC.every((b, i) => head[i] === b)) {
    // The EBML header names its DocType within its first few dozen bytes; Matroska (.mkv) is not WebM.
    return ascii(head, 0, Math.min(head.length, 64)).includes('webm') ? 'webm' : null
  }
  return null
}
