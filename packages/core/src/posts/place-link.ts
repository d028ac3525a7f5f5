import { eq, rows, schema, sql, type Queryable } from '@mosaic/db'
import { distanceKm } from '../geo/geo.ts'

const { places } = schema

// A post whose position is within this distance of a place with the same name joins that place
// instead of starting one in the next rounding cell: the same café typed twice, a few metres
// apart but on both sides of a rounding edge, stays one place.
const SNAP_KM = 0.15
const SNAP_DEG = SNAP_KM / 111 // latitude degrees; longitude is checked by distance

export type PlaceInput = { name: string; lat?: number | null | undefined; lng?: number | null | undefined }

/**
 * The place a post's location names, created or counted one more, inside the post's own
 * transaction. Without both coordinates the place is the name alone.
 */
export async function linkPlace(tx: Queryable, location: PlaceInput): Promise<string> {
  const positioned = location.lat != null && location.lng != null
  if (positioned) {
    const lat = location.lat!
    const lng = location.lng!
    const near = await rows<{ id: string }>(
      tx,
      sql`update places set post_count = post_count + 1
          where id = (
            select pl.id from places pl
            where pl.name_key = mosaic_place_key(${location.name})
              and pl.lat between ${lat - SNAP_DEG}::float8 and ${lat + SNAP_DEG}::float8
              and ${distanceKm(lat, lng)} <= ${SNAP_KM}::float8
            order by ${distanceKm(lat, lng)}, pl.id
            limit 1)
          returning id`,
    )
    if (near[0]) return near[0].id
  }
  const lat = positioned ? sql`round(${location.lat}::numeric, 3)::float8` : sql`null::float8`
  const lng = positioned ? sql`round(${location.lng}::numeric, 3)::float8` : sql`null::float8`
  const [row] = await tx
    .insert(places)
    .values({
      name: location.name.trim().replace(/\s+/g, ' '),
      nameKey: sql`mosaic_place_key(${location.name})`,
      lat,
      lng,
      geohash: positioned ? sql`mosaic_geohash(${lat}, ${lng}, 9)` : null,
      postCount: 1,
    })
    .onConflictDoUpdate({ target: [places.nameKey, places.lat, places.lng], set: { postCount: sql`${places.postCount} + 1` } })
    .returning({ id: places.id })
  if (!row) throw new Error('place upsert returned no row')
  return row.id
}

/** Counts a deleted post out of its place (in the delete's transaction, after the row is gone). */
export async function unlinkPlace(tx: Queryable, placeId: string): Promise<void> {
  await tx
    .update(places)
    .set({ postCount: sql`greatest(${places.postCount} - 1, 0)` })
    .where(eq(places.id, placeId))
}
