// A ThumbHash (~25 bytes) travels with each post so the feed can paint a blurred preview, with the photo's
// aspect ratio and transparency, before any image byte arrives.
import { rgbaToThumbHash } from 'thumbhash'
import type { DecodedImage } from './image.ts'
import { fromDecoded } from './render.ts'

const MAX_SIDE = 100 // ThumbHash's own input limit; more pixels would not change the hash much anyway

export async function thumbhashOf(image: DecodedImage): Promise<string> {
  const { data, info } = await fromDecoded(image)
    .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64')
}
