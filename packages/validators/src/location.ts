import { z } from 'zod'
import { cursorSchema, limitSchema } from './pagination.ts'
import { tagName } from './post.ts'

/** A radius query reaches at most this far: the index answers any radius, the page has to be cheap. */
export const MAX_PLACE_RADIUS_KM = 50
/** "At or near" when no radius is given: the place page of a post's coordinates. */
export const DEFAULT_PLACE_RADIUS_KM = 1

export const placeNameSchema = z.string().trim().min(1, 'Name the location').max(100, 'Location names are at most 100 characters')

const byName = z.object({ name: placeNameSchema })
const near = z.object({
  lat: z.number().min(-90, 'Latitude is between -90 and 90').max(90, 'Latitude is between -90 and 90'),
  lng: z.number().min(-180, 'Longitude is between -180 and 180').max(180, 'Longitude is between -180 and 180'),
  radiusKm: z
    .number()
    .positive('The radius must be positive')
    .max(MAX_PLACE_RADIUS_KM, `The radius is at most ${MAX_PLACE_RADIUS_KM} km`)
    .default(DEFAULT_PLACE_RADIUS_KM),
})
const page = { cursor: cursorSchema, limit: limitSchema(50, 24) }

/** `{ name }` (every place of that name) or `{ lat, lng, radiusKm }` (every place in the circle). */
export const placeWhere = z.union([byName, near])
export type PlaceWhere = z.output<typeof placeWhere>

export const locationPostsInput = z.union([byName.extend(page), near.extend(page)])
export const locationSummaryInput = placeWhere
export const locationSuggestInput = z.object({ q: placeNameSchema, limit: limitSchema(20, 8) })
export const tagSummaryInput = z.object({ tag: tagName })
