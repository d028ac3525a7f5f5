import { thumbHashToDataURL } from 'thumbhash'

// Grids re-render often; decoding the same hash again each time would be wasted work.
const cache = new Map<string, string | undefined>()

/** A blurry data URL from a media item's base64 thumbhash, shown while the real image loads. */
export function placeholderUrl(thumbhash: string): string | undefined {
  if (cache.has(thumbhash)) return cache.get(thumbhash)
  let url: string | undefined
  try {
    const bytes = Uint8Array.from(atob(thumbhash), (c) => c.charCodeAt(0))
    url = thumbHashToDataURL(bytes)
  } catch {
    url = undefined
  }
  if (cache.size > 500) cache.clear()
  cache.set(thumbhash, url)
  return url
}
