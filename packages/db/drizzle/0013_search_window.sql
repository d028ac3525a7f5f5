-- search.posts asks for the newest matches of a word since a moment: with the post's time in the same
-- GIN index as its words (btree_gin), the index intersects "has this word" with "posted since then"
-- without reading either list whole, so a word in 3 % of a million posts costs a few hundred rows.
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
DROP INDEX "posts_search_idx";--> statement-breakpoint
CREATE INDEX "posts_search_idx" ON "posts" USING gin ("search","created_at");
