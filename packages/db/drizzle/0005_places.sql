CREATE TABLE "places" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"geohash" text,
	"post_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "places_name_position_key" UNIQUE NULLS NOT DISTINCT("name_key","lat","lng")
);
--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "place_id" uuid;--> statement-breakpoint
CREATE INDEX "places_geohash_idx" ON "places" USING btree ("geohash" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "places_name_key_prefix_idx" ON "places" USING btree ("name_key" text_pattern_ops);--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "posts_place_created_idx" ON "posts" USING btree ("place_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) INCLUDE ("author_id") WHERE "posts"."place_id" is not null;--> statement-breakpoint
-- The one definition of a place's name key: NFKC (so a composed and a decomposed "é" agree), runs of
-- whitespace made one space, trimmed, lower-case. post.create, the backfill and every lookup call it.
CREATE OR REPLACE FUNCTION mosaic_place_key(place_name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(btrim(regexp_replace(normalize(place_name, NFKC), '\s+', ' ', 'g'))) $$;--> statement-breakpoint
-- Standard base-32 geohash (bits interleaved longitude first; a value above the midpoint takes the
-- upper half). Written in SQL because the backfill needs it, and used by every writer and by the
-- radius query's cover, so stored hashes and searched prefixes come from one implementation.
CREATE OR REPLACE FUNCTION mosaic_geohash(lat double precision, lng double precision, prec integer) RETURNS text
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
DECLARE
  alphabet constant text := '0123456789bcdefghjkmnpqrstuvwxyz';
  lat_lo double precision := -90;
  lat_hi double precision := 90;
  lng_lo double precision := -180;
  lng_hi double precision := 180;
  mid double precision;
  is_lng boolean := true;
  nbits integer := 0;
  ch integer := 0;
  hash text := '';
BEGIN
  WHILE length(hash) < prec LOOP
    IF is_lng THEN
      mid := (lng_lo + lng_hi) / 2;
      IF lng > mid THEN ch := ch * 2 + 1; lng_lo := mid; ELSE ch := ch * 2; lng_hi := mid; END IF;
    ELSE
      mid := (lat_lo + lat_hi) / 2;
      IF lat > mid THEN ch := ch * 2 + 1; lat_lo := mid; ELSE ch := ch * 2; lat_hi := mid; END IF;
    END IF;
    is_lng := NOT is_lng;
    nbits := nbits + 1;
    IF nbits = 5 THEN
      hash := hash || substr(alphabet, ch + 1, 1);
      nbits := 0;
      ch := 0;
    END IF;
  END LOOP;
  RETURN hash;
END
$$;--> statement-breakpoint
-- Places for posts whose location columns were written without one (this migration's existing
-- posts; the seed, which writes those columns directly and calls this at its end). Idempotent.
CREATE OR REPLACE FUNCTION mosaic_backfill_places() RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO places (id, name, name_key, lat, lng, geohash, post_count)
  SELECT gen_random_uuid(), mode() WITHIN GROUP (ORDER BY x.name), x.key, x.lat, x.lng,
         CASE WHEN x.lat IS NOT NULL THEN mosaic_geohash(x.lat, x.lng, 9) END, 0
  FROM (
    SELECT btrim(regexp_replace(p.location_name, '\s+', ' ', 'g')) AS name, mosaic_place_key(p.location_name) AS key,
           CASE WHEN p.location_lng IS NOT NULL THEN round(p.location_lat::numeric, 3)::float8 END AS lat,
           CASE WHEN p.location_lat IS NOT NULL THEN round(p.location_lng::numeric, 3)::float8 END AS lng
    FROM posts p
    WHERE p.place_id IS NULL AND p.location_name IS NOT NULL AND mosaic_place_key(p.location_name) <> ''
  ) x
  GROUP BY x.key, x.lat, x.lng
  ON CONFLICT (name_key, lat, lng) DO NOTHING;

  UPDATE posts p SET place_id = pl.id
  FROM places pl
  WHERE p.place_id IS NULL AND p.location_name IS NOT NULL AND p.location_lat IS NOT NULL AND p.location_lng IS NOT NULL
    AND pl.name_key = mosaic_place_key(p.location_name)
    AND pl.lat = round(p.location_lat::numeric, 3)::float8 AND pl.lng = round(p.location_lng::numeric, 3)::float8;

  UPDATE posts p SET place_id = pl.id
  FROM places pl
  WHERE p.place_id IS NULL AND p.location_name IS NOT NULL AND (p.location_lat IS NULL OR p.location_lng IS NULL)
    AND pl.name_key = mosaic_place_key(p.location_name) AND pl.lat IS NULL AND pl.lng IS NULL;

  UPDATE places pl SET post_count = (SELECT count(*)::int FROM posts p WHERE p.place_id = pl.id);
END
$$;--> statement-breakpoint
SELECT mosaic_backfill_places();
