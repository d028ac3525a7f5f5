import { z } from 'zod'

// Every background job: its name and payload schema. Handlers are checked for completeness by the
// compiler (`satisfies JobHandlers`), payloads by zod when a job is taken off a queue.
export const jobPayloads = {
  notify: z.object({
    type: z.enum(['like', 'comment', 'mention', 'follow', 'follow_request', 'follow_accepted']),
    recipientId: z.uuid(),
    actorId: z.uuid(),
    postId: z.uuid().nullable().default(null),
    commentId: z.uuid().nullable().default(null),
  }),
  'feed.fanout': z.object({ postId: z.uuid(), authorId: z.uuid(), createdAt: z.number() }),
  'feed.purgePost': z.object({ postId: z.uuid(), authorId: z.uuid() }),
  'feed.followChanged': z.object({ followerId: z.uuid(), followeeId: z.uuid(), following: z.boolean() }),
  'media.sweep': z.object({}),
  // A video's upload transcoded to what is served (posts/transcode.ts); its posts published when all ready.
  'media.transcode': z.object({ mediaId: z.uuid() }),
  // Discovery: a committed post's tags into the trending buckets; the periodic refreshes.
  'trending.record': z.object({ postId: z.uuid() }),
  'trending.refresh': z.object({}),
  'explore.refresh': z.object({}),
  'suggestions.refresh': z.object({ userId: z.uuid() }),
}

export type JobName = keyof typeof jobPayloads
export type JobPayload<N extends JobName> = z.input<(typeof jobPayloads)[N]>
export type JobData<N extends JobName> = z.output<(typeof jobPayloads)[N]>
export type JobHandlers = { [N in JobName]: (data: JobData<N>) => Promise<void> }
