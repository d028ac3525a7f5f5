import type { VideoProbe } from '@mosaic/media'
import { z } from 'zod'

// Every background job: its name and payload schema. Handlers are checked for completeness by the
// compiler (`satisfies JobHandlers`), payloads by zod when a job is taken off a queue.
export const jobPayloads = {
  notify: z.object({
    type: z.enum(['like', 'comment', 'mention', 'follow', 'follow_request', 'follow_accepted', 'media_failed']),
    recipientId: z.uuid(),
    actorId: z.uuid(),
    postId: z.uuid().nullable().default(null),
    commentId: z.uuid().nullable().default(null),
    // media_failed about a story's clip
    storyId: z.uuid().nullable().default(null),
  }),
  'feed.fanout': z.object({ postId: z.uuid(), authorId: z.uuid(), createdAt: z.number() }),
  'feed.purgePost': z.object({ postId: z.uuid(), authorId: z.uuid() }),
  'feed.followChanged': z.object({ followerId: z.uuid(), followeeId: z.uuid(), following: z.boolean() }),
  // A reader's timeline (re)built from Postgres, off the request path: the read that found it missing was served by the pull path.
  'feed.rebuild': z.object({ userId: z.uuid() }),
  'media.sweep': z.object({}),
  // A video's upload transcoded to what is served (posts/transcode.ts); its posts published when all ready.
  // `probe`: what the upload's probe found, so the worker does not read the clip once more before its
  // transcode (an upload this server just checked); a job without it (a retried clip) probes.
  'media.transcode': z.object({ mediaId: z.uuid(), probe: videoProbe().optional() }),
  // Discovery: a committed post's tags into the trending buckets; the periodic refreshes.
  'trending.record': z.object({ postId: z.uuid() }),
  'trending.refresh': z.object({}),
  'explore.refresh': z.object({}),
  'suggestions.refresh': z.object({ userId: z.uuid() }),
  // "Download my data": the zip of one export (account/export.build.ts), then its export_ready notification.
  'export.build': z.object({ exportId: z.uuid() }),
}

/** A VideoProbe as a job carries it (JSON), checked like every payload. */
function videoProbe() {
  const count = z.number().nonnegative()
  return z.object({
    container: z.enum(['mp4', 'mov', 'webm']),
    videoCodec: z.string(),
    audioCodec: z.string().nullable(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
    durationMs: count,
    fps: count,
    hdr: z.boolean(),
    bitRate: count,
    bytes: count,
    pixFmt: z.string().nullable(),
    colorTransfer: z.string().nullable(),
  }) satisfies z.ZodType<VideoProbe>
}

export type JobName = keyof typeof jobPayloads
export type JobPayload<N extends JobName> = z.input<(typeof jobPayloads)[N]>
export type JobData<N extends JobName> = z.output<(typeof jobPayloads)[N]>
/** Which attempt of how many a handler runs (1-based), so it can tell its last one. */
export type JobRun = { attempt: number; attempts: number }
export type JobHandlers = { [N in JobName]: (data: JobData<N>, run?: JobRun) => Promise<void> }

/**
 * Jobs that retry on their own terms, in BullMQ and in the in-process queue alike (exponential
 * backoff from `backoffMs`); the others take the queue's default. A transcode is long and its
 * failures are rarely passing ones (a clip ffmpeg cannot read fails every time), so it is tried a
 * few times, well apart, and its handler gives up in words on the last attempt.
 */
export const jobRetries: Partial<Record<JobName, { attempts: number; backoffMs: number }>> = {
  'media.transcode': { attempts: 4, backoffMs: 5_000 },
  'export.build': { attempts: 3, backoffMs: 5_000 },
}
