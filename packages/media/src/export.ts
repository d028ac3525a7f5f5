import sharp from 'sharp'

/**
 * A stored photo as someone downloads it with their data: the full-size `original` rendering (the
 * upload itself is never kept) re-encoded as a JPEG, which every viewer opens. sharp writes no
 * EXIF, XMP, IPTC or ICC block unless asked, so nothing but pixels leaves, whatever the input held.
 */
export async function reencodeForExport(stored: Buffer): Promise<Buffer> {
  return sharp(stored, { failOn: 'error', limitInputPixels: false }).flatten({ background: '#ffffff' }).jpeg({ quality: 92 }).toBuffer()
}
