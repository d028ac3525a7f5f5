-- Uploads are no longer kept as received (they may carry a GPS position); only rendered,
-- metadata-free sizes are stored. The sweep deletes the raw/ blobs earlier versions kept.
ALTER TABLE "media" DROP COLUMN "raw_key";
