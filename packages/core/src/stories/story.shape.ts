import { and, asc, eq, gt, inArray, schema, sql, type SQL } from '@mosaic/db'
import type { CoreDeps } from '../deps.ts'
import { mediaColumns, toMedia, type Media } from '../posts/post.shape.ts'
import type { UserSummary } from '../users/user.shape.ts'

const { stories, storyViews, media } = schema

/** A story's photo or clip: the post sizes (a clip's poster's) plus `story`, the 9:16 frame the viewer shows. */
export type StoryMedia = Media & { urls: Media['urls'] & { story: string } }

export type Story = { id: string; media: StoryMedia; caption: string; createdAt: string; expiresAt: string; seen: boolean }

/** One account's live stories, oldest first, as the tray and story.byUser answer them. */
export type StoryEntry = { user: UserSummary & { hasStory: boolean }; stories: Story[]; hasUnseen: boolean }

/** SQL: the story is live at `now` (expiry is exclusive: at exactly 24 h it is gone). */
export const liveAt = (now: Date): SQL => gt(stories.expiresAt, now)

/** SQL over `stories`: a story whose clip is still being transcoded (or failed) is its author's alone. */
export const storyShownTo = (viewerId: string | null): SQL =>
  sql`(${viewerId ? sql`${stories.authorId} = ${viewerId} or ` : sql``}exists (select 1 from ${media} m where m.id = ${stories.mediaId} and m.state = 'ready'))`

/**
 * Live stories of these authors with the viewer's seen flag, oldest first, grouped by author.
 * The caller has decided the viewer may see them. Story media is always signed: a story lives
 * 24 hours, and an immutable public URL would be cached for a year.
 */
export async function loadStories(
  deps: Pick<CoreDeps, 'db' | 'urls'>,
  viewerId: string | null,
  authorIds: string[],
  now: Date,
): Promise<Map<string, Story[]>> {
  const out = new Map<string, Story[]>()
  if (authorIds.length === 0) return out
  const rows = await deps.db
    .select({
      id: stories.id,
      authorId: stories.authorId,
      caption: stories.caption,
      createdAt: stories.createdAt,
      expiresAt: stories.expiresAt,
      mediaId: media.id,
      ...mediaColumns,
      storyKey: media.storyKey,
      seen: viewerId
        ? sql<boolean>`exists (select 1 from ${storyViews} v where v.story_id = ${stories.id} and v.viewer_id = ${viewerId})`
        : sql<boolean>`false`,
    })
    .from(stories)
    .innerJoin(media, eq(media.id, stories.mediaId))
    .where(and(inArray(stories.authorId, authorIds), liveAt(now), storyShownTo(viewerId)))
    .orderBy(asc(stories.createdAt), asc(stories.id))
  for (const r of rows) {
    const base = toMedia({ ...r, id: r.mediaId, alt: null }, true, deps.urls)
    const story: Story = {
      id: r.id,
      media: { ...base, urls: { ...base.urls, story: deps.urls.signed(r.storyKey ?? r.largeKey) } },
      caption: r.caption,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      seen: r.seen,
    }
    out.set(r.authorId, [...(out.get(r.authorId) ?? []), story])
  }
  return out
}
