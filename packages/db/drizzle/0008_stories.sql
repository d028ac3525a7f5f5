ALTER TABLE "media" ADD COLUMN "story_key" text;--> statement-breakpoint
CREATE INDEX "stories_expires_idx" ON "stories" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "story_views_story_created_idx" ON "story_views" USING btree ("story_id","created_at" DESC NULLS LAST,"viewer_id" DESC NULLS LAST);