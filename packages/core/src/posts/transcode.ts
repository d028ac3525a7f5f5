import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { and, eq, schema } from '@mosaic/db'
import { MediaError, probeVideo, transcodeVideo, videoContentType, type VideoProbe } from '@mosaic/media'
import { videoKey } from '@mosaic/storage'
import { type Limits, videoLimitsOf } from '@mosaic/validators'
import type { CoreDeps } from '../deps.ts'
import type { JobRun } from '../job-payloads.ts'
import { createSemaphore } from '../limits/semaphore.ts'
import { publishPost } from './publish.ts'

const { media, postMedia, posts, stories } = schema

export type TranscodeDeps = Pick<CoreDeps, 'db' | 'storage' | 'queue' | 'postCache' | 'video'> & { limits: Limits }

type Slots = ReturnType<typeof createSemaphore>

/**
 * The `media.transcode` handler of one worker process: at most `video.concurrency` transcodes run at
 * once however many jobs the queue hands it (BullMQ runs several jobs at a time, of every kind).
 */
export function createTranscoder(deps: TranscodeDeps) {
  const slots = createSemaphore(deps.video.concurrency)
  return ({ mediaId, probe }: { mediaId: string; probe?: VideoProbe }, run?: JobRun) => transcodeMedia(deps, slots, mediaId, probe, run)
}

/**
 * A video's upload → the served MP4 → media ready → each post whose media are now all ready is
 * published. A failure the clip itself causes (ffmpeg cannot read it) fails the medium at once; any
 * other (storage, a timeout) is retried by the queue, and fails it on the last attempt. Running again
 * after success, or for a medium already failed, changes nothing.
 */
async function transcodeMedia(deps: TranscodeDeps, slots: Slots, mediaId: string, probe: VideoProbe | undefined, run: JobRun | undefined): Promise<void> {
  const [row] = await deps.db
    .select({ sha256: media.sha256, kind: media.kind, state: media.state, sourceKey: media.sourceKey })
    .from(media)
    .where(eq(media.id, mediaId))
  // Gone (its posts deleted and the sweep passed), not a video, or already given up on.
  if (!row || row.kind !== 'video' || row.state === 'failed') return
  if (row.state === 'processing') {
    try {
      if (!row.sourceKey) throw new MediaError('CORRUPT', 'The upload of this video was not kept, so it cannot be converted')
      const key = await slots.run(() => transcodeToStore(deps, row.sha256, row.sourceKey!, probe))
      await deps.db
        .update(media)
        .set({ state: 'ready', videoKey: key })
        .where(and(eq(media.id, mediaId), eq(media.state, 'processing')))
    } catch (err) {
      const lastAttempt = !run || run.attempt >= run.attempts
      if (!(err instanceof MediaError) && !lastAttempt) throw err
      await failMedium(deps, mediaId)
      // The clip itself is at fault: its owner is told, and there is nothing to try again.
      if (err instanceof MediaError) return
      throw err
    }
  }
  // Ready now, or by an earlier attempt that stopped before publishing: publish what waits on it.
  for (const post of await postsShowing(deps, mediaId)) {
    await deps.postCache.invalidate(post.id)
    if (!post.ready) await publishPost(deps, post.id)
  }
}

/**
 * Source blob → transcodeVideo → `video/<sha>.mp4`. ffmpeg reads the blob where it lies when the store
 * keeps blobs as local files; otherwise it is downloaded to a temp file first (an MP4's index may sit at
 * its end, so ffmpeg needs a file it can seek, not a stream). The temp files go whatever happens.
 */
async function transcodeToStore(deps: TranscodeDeps, sha256: string, sourceKey: string, uploadProbe: VideoProbe | undefined): Promise<string> {
  await mkdir(deps.video.scratchDir, { recursive: true })
  const dir = await mkdtemp(path.join(deps.video.scratchDir, 'transcode-'))
  try {
    const input = (await deps.storage.localPath(sourceKey)) ?? (await download(deps, sourceKey, path.join(dir, 'source')))
    const output = path.join(dir, 'served.mp4')
    // The upload's probe read these very bytes (the source is stored by their hash): trusted as it is.
    const probe = uploadProbe ?? (await probeVideo(input, deps.video.tools, videoLimitsOf(deps.limits)))
    await transcodeVideo(input, output, probe, deps.video.tools)
    const key = videoKey(sha256)
    await deps.storage.putFile(key, output, { contentType: videoContentType })
    return key
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function download(deps: Pick<TranscodeDeps, 'storage'>, key: string, file: string): Promise<string> {
  const source = await deps.storage.stream(key)
  // Not the clip's fault: retried, in case the store answers differently next time.
  if (!source) throw new Error(`the upload ${key} is not in the blob store`)
  await pipeline(source, createWriteStream(file))
  return file
}

/**
 * Marks the medium failed and tells the owner of each post or story showing it, once (a
 * `media_failed` notification from themself, about that post or story). The posts stay unpublished:
 * their owners see the failure on them and may delete them, or upload the clip again to retry.
 */
async function failMedium(deps: TranscodeDeps, mediaId: string): Promise<void> {
  const [failed] = await deps.db
    .update(media)
    .set({ state: 'failed' })
    .where(and(eq(media.id, mediaId), eq(media.state, 'processing')))
    .returning({ id: media.id })
  const list = await postsShowing(deps, mediaId)
  for (const post of list) await deps.postCache.invalidate(post.id)
  if (!failed) return
  for (const post of list) {
    await deps.queue.enqueue('notify', { type: 'media_failed', recipientId: post.authorId, actorId: post.authorId, postId: post.id })
  }
  const storyList = await deps.db.select({ id: stories.id, authorId: stories.authorId }).from(stories).where(eq(stories.mediaId, mediaId))
  for (const story of storyList) {
    await deps.queue.enqueue('notify', { type: 'media_failed', recipientId: story.authorId, actorId: story.authorId, storyId: story.id })
  }
}

async function postsShowing(deps: Pick<CoreDeps, 'db'>, mediaId: string) {
  return deps.db
    .selectDistinct({ id: posts.id, authorId: posts.authorId, ready: posts.ready })
    .from(postMedia)
    .innerJoin(posts, eq(posts.id, postMedia.postId))
    .where(eq(postMedia.mediaId, mediaId))
}
