-- search.users: trigram indexes (pg_trgm); search.posts: documents normalised by unaccent. Both are
-- contrib extensions: PGlite loads them in packages/db/src/client.ts before this runs.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
-- A post's full-text document: caption and tags (weight A), location name (B), alt texts (C), with
-- the 'simple' configuration (lower-case, no stemming, no stop words: every language's words are
-- kept as written) over unaccented text (so "cafe" finds "Café", "munchen" finds "München").
-- The app writes it with the post and after every edit (core/src/posts/search-document.ts); queries
-- normalise their words the same way: plainto_tsquery('simple', unaccent(words)).
CREATE OR REPLACE FUNCTION post_search_document(caption text, tags text, location text, alt text) RETURNS tsvector
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('simple', unaccent(coalesce(caption, ''))), 'A')
        || setweight(to_tsvector('simple', unaccent(coalesce(tags, ''))), 'A')
        || setweight(to_tsvector('simple', unaccent(coalesce(location, ''))), 'B')
        || setweight(to_tsvector('simple', unaccent(coalesce(alt, ''))), 'C')
  $$;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "search" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
-- Existing posts get their documents before the index is built (one pass, then one index build).
UPDATE "posts" p SET "search" = post_search_document(
  p.caption,
  (SELECT string_agg(t.name, ' ') FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id),
  p.location_name,
  (SELECT string_agg(pm.alt, ' ') FROM post_media pm WHERE pm.post_id = p.id));--> statement-breakpoint
CREATE INDEX "users_display_name_prefix_idx" ON "users" USING btree (lower("display_name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "users_username_trgm_idx" ON "users" USING gin ("username" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_display_name_trgm_idx" ON "users" USING gin ("display_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_follower_count_idx" ON "users" USING btree ("follower_count" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "users_private_idx" ON "users" USING btree ("id") WHERE "users"."is_private";--> statement-breakpoint
CREATE INDEX "posts_search_idx" ON "posts" USING gin ("search");