/**
 * A place as the app links to it: a name, a position, or both. The place page lives under
 * /explore (a reserved username), so no profile URL can ever shadow it.
 */
export type PlaceRef = { name: string; lat: number | null; lng: number | null } | { name: null; lat: number; lng: number }

export const PLACE_PATH = '/explore/place'

/** The place page of a post's location (or of any name and position). */
export function placeHref(place: { name?: string | null; lat?: number | null; lng?: number | null }): string {
  const params = new URLSearchParams()
  if (place.name) params.set('name', place.name)
  if (place.lat != null && place.lng != null) {
    params.set('lat', String(place.lat))
    params.set('lng', String(place.lng))
  }
  return `${PLACE_PATH}?${params}`
}

const coordinate = (raw: string | null, bound: number): number | null => {
  if (raw === null || raw.trim() === '') return null
  const n = Number(raw)
  return Number.isFinite(n) && Math.abs(n) <= bound ? n : null
}

/** The place in a place page's URL, or null when the URL names none. */
export function placeFromParams(params: URLSearchParams): PlaceRef | null {
  const name = params.get('name')?.trim() || null
  const lat = coordinate(params.get('lat'), 90)
  const lng = coordinate(params.get('lng'), 180)
  const hasPosition = lat !== null && lng !== null
  if (name) return { name, lat: hasPosition ? lat : null, lng: hasPosition ? lng : null }
  return hasPosition ? { name: null, lat, lng } : null
}

/** 52.3731, 4.8922 → "52.373° N, 4.892° E". */
export function formatPosition(lat: number, lng: number): string {
  const part = (v: number, pos: string, neg: string) => `${Math.abs(v).toFixed(3)}° ${v >= 0 ? pos : neg}`
  return `${part(lat, 'N', 'S')}, ${part(lng, 'E', 'W')}`
}
