import { and, asc, eq, isNull, schema, type SQL, sql } from '@mosaic/db'
import { noBlockBetween, noBlockWithViewer } from '../access/visibility.ts'
import type { CoreDeps, Viewer } from '../deps.ts'
import { decodeCursor, type Page, pageOf, pastCursor, timeIdCursor } from '../pagination/cursor.ts'
import { commentColumns, toComment, visibleComment, type Comment } from './comment.shape.ts'
import { visiblePost } from './like.service.ts'

const { comments, users } = schema

/** How many replies comment.list shows under each top-level comment; comment.replies pages them all. */
export const REPLIES_PREVIEW = 2

type ReadDeps = Pick<CoreDeps, 'db' | 'urls'>

/**
 * One page of comments matching `where` (the thread's or a comment's replies), oldest first, as
 * the viewer sees them: nobody in a block with the viewer, and after the cursor.
 */
async function commentPage(deps: ReadDeps, viewerId: string | null, where: SQL, input: { cursor?: string | null | undefined; limit: number }): Promise<Page<Comment>> {
  const after = decodeCursor(input.cursor, timeIdCursor)
  const rows = await deps.db
    .select(commentColumns(viewerId))
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(where, noBlockWithViewer(viewerId, comments.authorId), pastCursor(comments.createdAt, comments.id, after, 'asc')))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(input.limit + 1)
  return pageOf(rows, input.limit, (r) => [r.createdAt.toISOString(), r.id], (list) => list.map((r) => toComment(r, deps.urls)))
}

/**
 * Top-level comments, oldest first, each with its first two replies. Comments (and replies) by
 * anyone in a block with the viewer are left out of the viewer's thread.
 */
export async function listComments(
  deps: ReadDeps,
  viewer: Viewer | null,
  input: { postId: string; cursor?: string | null | undefined; limit: number },
): Promise<Page<Comment>> {
  await visiblePost(deps, viewer, input.postId)
  const viewerId = viewer?.id ?? null
  const page = await commentPage(deps, viewerId, and(eq(comments.postId, input.postId), isNull(comments.parentId))!, input)
  const withReplies = page.items.filter((c) => c.replyCount > 0).map((c) => c.id)
  if (withReplies.length === 0) return { ...page, items: page.items.map((c) => ({ ...c, replies: [] })) }
  // The first replies of every comment on the page in one query: a short index range per comment.
  const firstReplies = await deps.db
    .select(commentColumns(viewerId))
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(
      sql`${comments.id} in (select fr.id from unnest(${`{${withReplies.join(',')}}`}::uuid[]) p(id) cross join lateral (
        select r.id from ${comments} r where r.parent_id = p.id ${viewerId ? sql`and ${noBlockBetween(viewerId, sql`r.author_id`)}` : sql``}
        order by r.created_at, r.id limit ${REPLIES_PREVIEW}) fr)`,
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
  const replies = firstReplies.map((r) => toComment(r, deps.urls))
  return { ...page, items: page.items.map((c) => ({ ...c, replies: replies.filter((r) => r.parentId === c.id) })) }
}

/** A top-level comment's replies, oldest first, a page at a time (the first two included). */
export async function listReplies(
  deps: ReadDeps,
  viewer: Viewer | null,
  input: { commentId: string; cursor?: string | null | undefined; limit: number },
): Promise<Page<Comment>> {
  const parent = await visibleComment(deps, viewer, input.commentId)
  // Replies have no replies of their own (one level).
  if (parent.parentId) return { items: [], nextCursor: null }
  const viewerId = viewer?.id ?? null
  return commentPage(deps, viewerId, eq(comments.parentId, parent.id), input)
}
