import { sql, type SQL } from '@mosaic/db'

// Geohash cells: with p characters there are ceil(5p/2) longitude bits and floor(5p/2) latitude bits.
const KM_PER_DEGREE = 111.32
// The circle's longitude half-width grows slightly faster than 1/cos(lat) for larger radii.
const MARGIN = 1.1
const MAX_PRECISION = 9

export type Cover = { precision: number; cellLat: number; cellLng: number }

/**
 * The longest geohash prefix whose cells are at least the radius high and wide (at the circle's
 * poleward edge, where cells are narrowest in km). The centre's cell and its 8 neighbours then
 * contain the whole circle, so a radius query is at most 9 prefix ranges on a btree. Near the poles
 * no prefix is narrow enough and precision 0 (the empty prefix: every place) is returned.
 */
export function geohashCover(lat: number, radiusKm: number): Cover {
  const r = radiusKm * MARGIN
  const poleward = Math.min(90, Math.abs(lat) + r / KM_PER_DEGREE)
  const lngScale = Math.cos((poleward * Math.PI) / 180)
  for (let p = MAX_PRECISION; p >= 1; p--) {
    const cellLat = 180 / 2 ** Math.floor((5 * p) / 2)
    const cellLng = 360 / 2 ** Math.ceil((5 * p) / 2)
    if (cellLat * KM_PER_DEGREE >= r && cellLng * KM_PER_DEGREE * lngScale >= r) return { precision: p, cellLat, cellLng }
  }
  return { precision: 0, cellLat: 180, cellLng: 360 }
}

/** SQL rows (prefix): the geohash prefixes of the centre's cell and its neighbours. */
export function coverPrefixes(lat: number, lng: number, cover: Cover): SQL {
  const cellLat = sql`(${lat}::float8 + i * ${cover.cellLat}::float8)`
  const cellLng = sql`(${lng}::float8 + j * ${cover.cellLng}::float8)`
  return sql`select distinct mosaic_geohash(least(90, greatest(-90, ${cellLat})), ${cellLng} - 360 * floor((${cellLng} + 180) / 360), ${cover.precision}::int) as prefix
    from generate_series(-1, 1) i, generate_series(-1, 1) j`
}

/** Great-circle distance in km between columns `lat`, `lng` (of alias `pl`) and a point. */
export const distanceKm = (lat: number, lng: number) =>
  sql`(12742 * asin(least(1, sqrt(power(sin(radians(pl.lat - ${lat}::float8) / 2), 2)
        + cos(radians(${lat}::float8)) * cos(radians(pl.lat)) * power(sin(radians(pl.lng - ${lng}::float8) / 2), 2)))))`
