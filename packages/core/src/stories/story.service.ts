import { and, desc, eq, ne, schema } from '@mosaic/db'
import { type Limits, STORY_LIFETIME_MS, storyFormFieldsFor } from '@mosaic/validators'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError, notFound } from '../errors.ts'
import { authorVisibleTo, noBlockBetween } from '../access/visibility.ts'
import { decodeCursor, type Page, pageOf, pastCursor, timeIdCursor } from '../pagination/cursor.ts'
import { upsertMedia } from '../posts/ingest.ts'
import { ingestUploads } from '../posts/ingest-uploads.ts'
import { enqueueTranscodes, newClips, retryFailedClips } from '../posts/transcode-queue.ts'
import type { UploadForm } from '../posts/upload.ts'
import { summaryColumns, toSummary, type UserSummary } from '../users/user.shape.ts'
import { liveAt, storyShownTo } from './story.shape.ts'

const { stories, storyViews, users } = schema

type CreateDeps = Pick<CoreDeps, 'db' | 'storage' | 'mediaLimits' | 'clock' | 'queue' | 'video'> & { limits: Limits }

/**
 * One photo or clip through the same pipeline as a post's (same limits and refusals; a clip at most
 * STORY_VIDEO_MAX_SECONDS), plus the 9:16 story size. The blobs are stored first and the row written
 * after, so a story exists only once its content does; it lives exactly STORY_LIFETIME_MS from the
 * clock's now. A clip is transcoded by the worker like a post's, and others see the story only once
 * it is ready.
 */
export async function createStory(deps: CreateDeps, viewer: Viewer, form: UploadForm): Promise<{ id: string; expiresAt: string }> {
  if (form.files.length !== 1) throw new DomainError('BAD_REQUEST', 'A story is one photo or video', { field: 'file' })
  const parsed = storyFormFieldsFor(deps.limits).safeParse({ caption: form.field('caption') })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new DomainError('BAD_REQUEST', issue?.message ?? 'Invalid story', { field: String(issue?.path[0] ?? '') })
  }
  const [values] = await ingestUploads(deps, form.files, { story: true, refused: form.refusals })
  const createdAt = deps.clock.now()
  const expiresAt = new Date(createdAt.getTime() + STORY_LIFETIME_MS)
  const { id, clips } = await deps.db.transaction(async (tx) => {
    const ids = await upsertMedia(tx, [values!])
    const retried = await retryFailedClips(tx, [values!])
    const mediaId = ids.get(values!.sha256)!
    const [row] = await tx
      .insert(stories)
      .values({ authorId: viewer.id, mediaId, caption: parsed.data.caption, createdAt, expiresAt })
      .returning({ id: stories.id })
    if (!row) throw new Error('insert returned no row')
    return { id: row.id, clips: { fresh: newClips([values!], ids), retried } }
  })
  await enqueueTranscodes(deps, clips)
  return { id, expiresAt: expiresAt.toISOString() }
}

/** A live story this viewer may see, or NOT_FOUND exactly as for one that does not exist. */
async function visibleStory(deps: Pick<CoreDeps, 'db' | 'clock'>, viewer: Viewer, id: string, now: Date) {
  const [row] = await deps.db
    .select({ id: stories.id, authorId: stories.authorId })
    .from(stories)
    .where(and(eq(stories.id, id), liveAt(now), authorVisibleTo(viewer.id, stories.authorId), storyShownTo(viewer.id)))
  if (!row) throw notFound('That story')
  return row
}

/** Idempotent: the first time counts (its time is the one the owner sees). */
export async function markSeen(deps: Pick<CoreDeps, 'db' | 'clock'>, viewer: Viewer, id: string): Promise<void> {
  const now = deps.clock.now()
  const story = await visibleStory(deps, viewer, id, now)
  await deps.db.insert(storyViews).values({ storyId: story.id, viewerId: viewer.id, createdAt: now }).onConflictDoNothing()
}

export type StoryViewer = UserSummary & { seenAt: string }

/** Who saw a live story, most recent first: its owner only. Blocked accounts (either way) are left out. */
export async function listViewers(
  deps: Pick<CoreDeps, 'db' | 'urls' | 'clock'>,
  viewer: Viewer,
  input: { id: string; cursor?: string | null | undefined; limit: number },
): Promise<Page<StoryViewer>> {
  const story = await visibleStory(deps, viewer, input.id, deps.clock.now())
  if (story.authorId !== viewer.id) throw new DomainError('FORBIDDEN', 'Only its author can see who viewed this story')
  const after = decodeCursor(input.cursor, timeIdCursor)
  const rows = await deps.db
    .select({ ...summaryColumns, seenAt: storyViews.createdAt })
    .from(storyViews)
    .innerJoin(users, eq(users.id, storyViews.viewerId))
    .where(
      and(
        eq(storyViews.storyId, story.id),
        ne(storyViews.viewerId, viewer.id),
        noBlockBetween(viewer.id, storyViews.viewerId),
        pastCursor(storyViews.createdAt, storyViews.viewerId, after),
      ),
    )
    .orderBy(desc(storyViews.createdAt), desc(storyViews.viewerId))
    .limit(input.limit + 1)
  return pageOf(
    rows,
    input.limit,
    (r) => [r.seenAt.toISOString(), r.id],
    (kept) => kept.map((r) => ({ ...toSummary(r, deps.urls), seenAt: r.seenAt.toISOString() })),
  )
}

/** Gone at once for everyone (every read asks Postgres); its photo is collected by the sweep. */
export async function deleteStory(deps: Pick<CoreDeps, 'db' | 'clock'>, viewer: Viewer, id: string): Promise<void> {
  const removed = await deps.db
    .delete(stories)
    .where(and(eq(stories.id, id), eq(stories.authorId, viewer.id)))
    .returning({ id: stories.id })
  if (removed.length > 0) return
  await visibleStory(deps, viewer, id, deps.clock.now())
  throw new DomainError('FORBIDDEN', 'Only its author can delete this story')
}
