import { eq, inArray, rows, schema, sql } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { notFound } from '../errors.ts'
import { canSeeContent, relationBetween } from '../access/relation.ts'
import { authorVisibleTo } from '../access/visibility.ts'
import { summaryColumns, toSummary } from '../users/user.shape.ts'
import { loadStories, type StoryEntry } from './story.shape.ts'

const { stories, storyViews, follows, users, media } = schema

/** The tray shows at most this many accounts (the API has no pages for it). */
export const TRAY_MAX_ACCOUNTS = 100

type Deps = Pick<CoreDeps, 'db' | 'urls' | 'clock'>

/**
 * The viewer's own stories first (if live), then the accounts they follow with live stories:
 * those with something unseen before those fully seen, then by most recent story.
 */
export async function tray(deps: Deps, viewer: Viewer): Promise<StoryEntry[]> {
  const now = deps.clock.now()
  const at = now.toISOString()
  const order = await rows<{ author_id: string }>(
    deps.db,
    sql`select s.author_id, max(s.created_at) as latest,
          bool_or(not exists (select 1 from ${storyViews} v where v.story_id = s.id and v.viewer_id = ${viewer.id})) as has_unseen
        from ${stories} s
        where s.expires_at > ${at}::timestamptz
          and (s.author_id = ${viewer.id}
            or exists (select 1 from ${follows} f where f.follower_id = ${viewer.id} and f.followee_id = s.author_id and f.state = 'accepted'))
          and ${authorVisibleTo(viewer.id, sql`s.author_id`)}
          and (s.author_id = ${viewer.id} or exists (select 1 from ${media} m where m.id = s.media_id and m.state = 'ready'))
        group by s.author_id
        order by s.author_id = ${viewer.id} desc, has_unseen desc, latest desc, s.author_id
        limit ${TRAY_MAX_ACCOUNTS}`,
  )
  const ids = order.map((r) => r.author_id)
  if (ids.length === 0) return []
  const [byAuthor, people] = await Promise.all([
    loadStories(deps, viewer.id, ids, now),
    deps.db.select(summaryColumns).from(users).where(inArray(users.id, ids)),
  ])
  const person = new Map(people.map((p) => [p.id, p]))
  return ids.flatMap((id) => {
    const list = byAuthor.get(id)
    const row = person.get(id)
    // A story may expire between the two queries: an account left with none drops out.
    if (!list || list.length === 0 || !row) return []
    return [{ user: { ...toSummary(row, deps.urls), hasStory: true }, stories: list, hasUnseen: list.some((s) => !s.seen) }]
  })
}

/** One account's live stories; NOT_FOUND for an account this viewer may not see, as for one that does not exist. */
export async function byUser(deps: Deps, viewer: Viewer | null, username: string): Promise<StoryEntry> {
  const [owner] = await deps.db.select({ ...summaryColumns, isPrivate: users.isPrivate }).from(users).where(eq(users.username, username)).limit(1)
  if (!owner) throw notFound('That account')
  const rel = await relationBetween(deps.db, viewer?.id ?? null, owner.id)
  if (!canSeeContent(rel, owner)) throw notFound('That account')
  const list = (await loadStories(deps, viewer?.id ?? null, [owner.id], deps.clock.now())).get(owner.id) ?? []
  return { user: { ...toSummary(owner, deps.urls), hasStory: list.length > 0 }, stories: list, hasUnseen: list.some((s) => !s.seen) }
}
