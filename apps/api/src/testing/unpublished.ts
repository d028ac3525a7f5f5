// Test support for publishing: posts whose media are still processing, made through post.create
// itself. Each gets a photo no one has uploaded (a 16×16 PNG of its own colour) whose media row is
// written first in state 'processing', as a video's is at upload: post.create then reuses that row
// (content dedup), exactly as a second upload of a clip still transcoding would, and leaves the
// post unpublished.
import { randomInt } from 'node:crypto'
import { schema } from '@mosaic/db'
import { variantKey } from '@mosaic/storage'
import { sha256Hex } from '@mosaic/util'
import type { createCaller } from '@mosaic/trpc'
import sharp from 'sharp'
import type { TestApp } from './harness.ts'

const { media } = schema

/** A PNG nobody has uploaded yet. */
export async function freshPhoto(): Promise<Buffer> {
  const background = { r: randomInt(256), g: randomInt(256), b: randomInt(256) }
  const width = 16 + randomInt(64)
  return sharp({ create: { width, height: 16, channels: 3, background } }).png().toBuffer()
}

/**
 * The media row a video upload leaves behind before its transcode: kind video, state processing, and
 * `source` (when given) stored as its upload, at `source/<sha>.mp4`.
 */
export async function processingMedia(t: TestApp, bytes: Buffer, opts: { source?: Buffer } = {}): Promise<string> {
  const sha = sha256Hex(bytes)
  const sourceKey = `source/${sha}.mp4`
  if (opts.source) await t.app.deps.storage.put(sourceKey, opts.source, { contentType: 'video/mp4' })
  const [row] = await t.app.deps.db
    .insert(media)
    .values({
      sha256: sha,
      format: 'mp4',
      width: 16,
      height: 16,
      bytes: bytes.length,
      placeholder: '',
      dhash: '0000000000000000',
      thumbKey: variantKey(sha, 'thumb', 'webp'),
      smallKey: variantKey(sha, 'small', 'webp'),
      largeKey: variantKey(sha, 'large', 'webp'),
      originalKey: variantKey(sha, 'original', 'webp'),
      kind: 'video',
      state: 'processing',
      durationMs: 1000,
      sourceKey,
    })
    .returning({ id: media.id })
  return row!.id
}

export type Unpublished = { postId: string; mediaId: string }

/** post.create of a post whose one medium is still processing. */
export async function unpublishedPost(
  t: TestApp,
  api: ReturnType<typeof createCaller>,
  fields: Record<string, string> = {},
  opts: { source?: Buffer } = {},
): Promise<Unpublished> {
  const bytes = await freshPhoto()
  const mediaId = await processingMedia(t, bytes, opts)
  const form = new FormData()
  form.append('files', new File([bytes], 'clip.png'))
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  const post = await api.post.create(form)
  return { postId: post.id, mediaId }
}

