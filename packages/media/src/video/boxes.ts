// A look at an MP4's top-level boxes, to check what transcodeVideo wrote: the index (moov) before the media
// data (faststart, so a browser can start playing from the first bytes) and no location metadata in it.
import { open, stat } from 'node:fs/promises'

export type TopBox = { type: string; offset: number; size: number }

/** True when a top-level box claims more bytes than the file has: a copy cut short (e.g. its media data). */
export async function boxesOverrun(path: string): Promise<boolean> {
  const [boxes, { size }] = await Promise.all([topLevelBoxes(path), stat(path)])
  return boxes.some((b) => b.offset + b.size > size)
}

export async function topLevelBoxes(path: string): Promise<TopBox[]> {
  const file = await open(path, 'r')
  try {
    const { size: total } = await file.stat()
    const boxes: TopBox[] = []
    const header = Buffer.alloc(16)
    for (let offset = 0; offset + 8 <= total; ) {
      const { bytesRead } = await file.read(header, 0, 16, offset)
      if (bytesRead < 8) break
      let size = header.readUInt32BE(0)
      const type = header.toString('latin1', 4, 8)
      if (size === 1 && bytesRead >= 16) size = Number(header.readBigUInt64BE(8))
      else if (size === 0) size = total - offset
      if (size < 8) break
      boxes.push({ type, offset, size })
      offset += size
    }
    return boxes
  } finally {
    await file.close()
  }
}

// `©xyz` (QuickTime/MP4 user data), `loci` (3GPP) and the `com.apple.quicktime.location.ISO6709` key (mdta).
const LOCATION_MARKERS = [Buffer.from([0xa9, 0x78, 0x79, 0x7a]), Buffer.from('loci', 'latin1'), Buffer.from('location', 'latin1')]
const MAX_MOOV_BYTES = 64 * 1024 * 1024

/** Throws unless moov comes before mdat and carries no location marker. */
export async function assertServable(path: string): Promise<void> {
  const boxes = await topLevelBoxes(path)
  const moov = boxes.find((b) => b.type === 'moov')
  const mdat = boxes.findIndex((b) => b.type === 'mdat')
  if (!moov || mdat < 0 || boxes.indexOf(moov) > mdat) throw new Error(`${path}: the moov box does not precede mdat (no faststart)`)
  if (moov.size > MAX_MOOV_BYTES) throw new Error(`${path}: moov box of ${moov.size} bytes`)
  const file = await open(path, 'r')
  try {
    const bytes = Buffer.alloc(moov.size)
    await file.read(bytes, 0, moov.size, moov.offset)
    const found = LOCATION_MARKERS.find((marker) => bytes.includes(marker))
    if (found) throw new Error(`${path}: location metadata (${found.toString('latin1')}) survived`)
  } finally {
    await file.close()
  }
}
