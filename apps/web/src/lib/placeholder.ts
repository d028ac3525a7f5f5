import { thumbHashToDataURL } from 'thumbhash'

/** A blurry data URL from a media item's base64 thumbhash, shown while the real image loads. */
export function placeholderUrl(thumbhash: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(thumbhash), (c) => c.charCodeAt(0))
    return thumbHashToDataURL(bytes)
  } catch {
    return undefined
  }
}
