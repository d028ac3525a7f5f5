/** Upright, 8-bit sRGB pixels, interleaved RGB or RGBA, rows unpadded. */
export type DecodedImage = { data: Buffer; width: number; height: number; channels: 3 | 4 }
