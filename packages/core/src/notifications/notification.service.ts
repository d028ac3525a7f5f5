import { and, desc, eq, gt, isNull, lte, schema, sql, type SQL } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import type { JobData } from '../job-payloads.ts'
import { decodeCursor, pageOf, pastCursor, timeIdCursor } from '../pagination/cursor.ts'
import { summaryColumns, toSummary, type UserSummary } from '../users/user.shape.ts'
import { noBlockBetween, postVisibleTo } from '../access/visibility.ts'

const { notifications: n, users, likes, follows, postMedia, media, posts, comments, dataExports, stories } = schema

export type Notification = {
  id: string
  type: 'like' | 'comment' | 'mention' | 'follow' | 'follow_request' | 'follow_accepted' | 'media_failed' | 'export_ready'
  actor: UserSummary
  post: { id: string; thumbUrl: string } | null
  /** for a comment, or a mention made in one: what it says (absent for the other types) */
  comment?: { id: string; text: string }
  createdAt: string
  read: boolean
  /** export_ready only: a fresh signed link to the zip (beyond API.md's shape) */
  url?: string
}

// A repeat of the same cause inside this window (like, unlike, like) does not make a new notification.
const DEDUPE_WINDOW_MS = 24 * 3600 * 1000

/**
 * The job handler: writes one notification, collapsing repeats of the same cause. Nobody is told of
 * their own doings, except that their video failed (its actor is the owner themself).
 */
export async function writeNotification(deps: Pick<CoreDeps, 'db'>, job: JobData<'notify'>): Promise<void> {
  if (job.recipientId === job.actorId && job.type !== 'media_failed') return
  const dedupeKey = `${job.type}:${job.actorId}:${job.postId ?? ''}:${job.commentId ?? ''}${job.storyId ? `:${job.storyId}` : ''}`
  await deps.db.transaction(async (tx) => {
    // Serialise writers of the same cause so two racing jobs cannot both insert.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${job.recipientId + dedupeKey}))`)
    const [recent] = await tx
      .select({ id: n.id })
      .from(n)
      .where(and(eq(n.recipientId, job.recipientId), eq(n.dedupeKey, dedupeKey), gt(n.createdAt, new Date(Date.now() - DEDUPE_WINDOW_MS))))
      .limit(1)
    if (recent) return
    await tx.insert(n).values({ recipientId: job.recipientId, actorId: job.actorId, type: job.type, postId: job.postId, commentId: job.commentId, storyId: job.storyId, dedupeKey })
  })
}

/**
 * Only notifications whose cause still stands: the like not withdrawn, the follow or request
 * still there, no block between the two (deleted posts and comments cascade away), and a post
 * the recipient may still see — a follower removed from a private account since then is not
 * shown its post, its id or its thumbnail.
 */
function causeStands(recipientId: string): SQL {
  return sql`(
    ${noBlockBetween(recipientId, n.actorId)}
    and (${n.postId} is null or exists (select 1 from ${posts} p where p.id = ${n.postId} and ${postVisibleTo(recipientId, { authorId: sql`p.author_id`, ready: sql`p.ready` })}))
    and case ${n.type}
      when 'like' then exists (select 1 from ${likes} l where l.post_id = ${n.postId} and l.user_id = ${n.actorId})
      when 'follow' then exists (select 1 from ${follows} f where f.follower_id = ${n.actorId} and f.followee_id = ${recipientId} and f.state = 'accepted')
      when 'follow_request' then exists (select 1 from ${follows} f where f.follower_id = ${n.actorId} and f.followee_id = ${recipientId} and f.state = 'pending')
      when 'follow_accepted' then exists (select 1 from ${follows} f where f.follower_id = ${recipientId} and f.followee_id = ${n.actorId} and f.state = 'accepted')
      when 'media_failed' then exists (select 1 from ${postMedia} pm join ${media} m on m.id = pm.media_id where pm.post_id = ${n.postId} and m.state = 'failed')
        or exists (select 1 from ${stories} s join ${media} m on m.id = s.media_id where s.id = ${n.storyId} and m.state = 'failed')
      when 'export_ready' then exists (select 1 from ${dataExports} e where e.id = ${n.exportId} and e.user_id = ${recipientId} and e.state = 'ready')
      else true end)`
}

export async function listNotifications(
  deps: Pick<CoreDeps, 'db' | 'urls' | 'exportLinks'>,
  viewer: Viewer,
  input: { cursor?: string | null | undefined; limit: number },
) {
  const after = decodeCursor(input.cursor, timeIdCursor)
  const rows = await deps.db
    .select({
      id: n.id,
      type: n.type,
      postId: n.postId,
      commentId: n.commentId,
      commentText: sql<string | null>`(select ${comments.text} from ${comments} where ${comments.id} = ${n.commentId})`,
      exportId: n.exportId,
      createdAt: n.createdAt,
      readAt: n.readAt,
      actor: summaryColumns,
      thumbKey: sql<string | null>`(select ${media.thumbKey} from ${postMedia} join ${media} on ${media.id} = ${postMedia.mediaId} where ${postMedia.postId} = ${n.postId} order by ${postMedia.position} limit 1)`,
      authorPrivate: sql<boolean | null>`(select u2.is_private from ${posts} p2 join ${users} u2 on u2.id = p2.author_id where p2.id = ${n.postId})`,
    })
    .from(n)
    .innerJoin(users, eq(users.id, n.actorId))
    .where(
      and(
        eq(n.recipientId, viewer.id),
        causeStands(viewer.id),
        pastCursor(n.createdAt, n.id, after),
      ),
    )
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(input.limit + 1)
  return pageOf(rows, input.limit, (r) => [r.createdAt.toISOString(), r.id], (list) =>
    list.map(
      (r): Notification => ({
        id: r.id,
        type: r.type,
        actor: toSummary(r.actor, deps.urls),
        post: r.postId && r.thumbKey ? { id: r.postId, thumbUrl: r.authorPrivate ? deps.urls.signed(r.thumbKey) : deps.urls.public(r.thumbKey) } : null,
        ...(r.commentId && r.commentText !== null ? { comment: { id: r.commentId, text: r.commentText } } : {}),
        createdAt: r.createdAt.toISOString(),
        read: r.readAt !== null,
        ...(r.type === 'export_ready' && r.exportId ? { url: deps.exportLinks.url(r.exportId) } : {}),
      }),
    ),
  )
}

export async function unreadCount(deps: Pick<CoreDeps, 'db'>, viewer: Viewer): Promise<number> {
  const [row] = await deps.db
    .select({ count: sql<number>`count(*)::int` })
    .from(n)
    .where(and(eq(n.recipientId, viewer.id), isNull(n.readAt), causeStands(viewer.id)))
  return row?.count ?? 0
}

/** Marks everything (or everything up to and including `upTo`, ids being time-ordered) as read. */
export async function markRead(deps: Pick<CoreDeps, 'db'>, viewer: Viewer, upTo?: string): Promise<void> {
  await deps.db
    .update(n)
    .set({ readAt: new Date() })
    .where(and(eq(n.recipientId, viewer.id), isNull(n.readAt), upTo ? lte(n.id, upTo) : undefined))
}
