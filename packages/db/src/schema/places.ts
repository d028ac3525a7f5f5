import { doublePrecision, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core'
import { createdAt, id } from './_columns.ts'

// A place is a name plus a rounded position, so the same café typed twice is one place. The key
// and the position are computed in SQL (mosaic_place_key, round(…, 3), mosaic_geohash: migration
// 0005) by every writer — post.create, the migration's backfill and the seed — so they always agree.
export const places = pgTable(
  'places',
  {
    id: id(),
    // as first typed, for display
    name: text().notNull(),
    // NFKC, trimmed, inner whitespace collapsed, lower-case
    nameKey: text().notNull(),
    // rounded to 3 decimals (~110 m); both null for a place known by name only
    lat: doublePrecision(),
    lng: doublePrecision(),
    // base-32 geohash (9 characters) of the rounded position: a radius query is a few prefix ranges
    geohash: text(),
    // every post here, private ones included; what a viewer sees is counted per request
    postCount: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    // also serves "same name within ~150 m" (name_key =, lat range) when a post snaps to a place
    unique('places_name_position_key').on(t.nameKey, t.lat, t.lng).nullsNotDistinct(),
    index('places_geohash_idx').on(t.geohash.op('text_pattern_ops')),
    // location.suggest: prefix of the name
    index('places_name_key_prefix_idx').on(t.nameKey.op('text_pattern_ops')),
  ],
)
