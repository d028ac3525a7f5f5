ALTER TABLE "media" ADD COLUMN "kind" text DEFAULT 'image' NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "state" text DEFAULT 'ready' NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "duration_ms" integer;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "source_key" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "video_key" text;--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "ready" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_kind_check" CHECK ("kind" in ('image', 'video'));--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_state_check" CHECK ("state" in ('processing', 'ready', 'failed'));
