import { and, eq, schema, sql, type SQL } from '@mosaic/db'
import { noBlockBetween, noBlockWithViewer, postVisibleTo } from '../access/visibility.ts'
import type { CoreDeps, Viewer } from '../deps.ts'
import { notFound } from '../errors.ts'
import { summaryColumns, toSummary, type SummaryRow, type UserSummary } from '../users/user.shape.ts'

const { comments, commentLikes, posts } = schema

export type Comment = {
  id: string
  postId: string
  author: UserSummary
  text: string
  createdAt: string
  /** the top-level comment this one replies to; null for a top-level comment */
  parentId: string | null
  /** replies this viewer may see (a top-level comment; always 0 for a reply) */
  replyCount: number
  likeCount: number
  viewerHasLiked: boolean
  /** in comment.list: the first two replies, oldest first */
  replies?: Comment[]
}

/**
 * The columns a Comment is made of, for this viewer. Counts are read live from the primary key of
 * comment_likes and the replies index, so they stay right however likes and accounts come and go;
 * replies by anyone in a block with the viewer are not counted, as they are not shown.
 */
export function commentColumns(viewerId: string | null) {
  return {
    id: comments.id,
    postId: comments.postId,
    parentId: comments.parentId,
    text: comments.text,
    createdAt: comments.createdAt,
    author: summaryColumns,
    likeCount: sql<number>`(select count(*)::int from ${commentLikes} cl where cl.comment_id = ${comments.id})`,
    liked: viewerId ? sql<boolean>`exists (select 1 from ${commentLikes} cl where cl.comment_id = ${comments.id} and cl.user_id = ${viewerId})` : sql<boolean>`false`,
    replyCount: sql<number>`(case when ${comments.parentId} is null then (select count(*)::int from ${comments} r where r.parent_id = ${comments.id} and ${viewerId ? noBlockBetween(viewerId, sql`r.author_id`) : sql`true`}) else 0 end)`,
  }
}

export type CommentRow = {
  id: string
  postId: string
  parentId: string | null
  text: string
  createdAt: Date
  author: SummaryRow
  likeCount: number
  liked: boolean
  replyCount: number
}

export const toComment = (r: CommentRow, urls: CoreDeps['urls']): Comment => ({
  id: r.id,
  postId: r.postId,
  parentId: r.parentId,
  author: toSummary(r.author, urls),
  text: r.text,
  createdAt: r.createdAt.toISOString(),
  replyCount: Number(r.replyCount),
  likeCount: Number(r.likeCount),
  viewerHasLiked: r.liked,
})

/** SQL: a reply whose top-level comment is by someone in a block with the viewer is hidden with it. */
export function parentVisibleTo(viewerId: string | null): SQL | undefined {
  if (!viewerId) return undefined
  return sql`(${comments.parentId} is null or exists (select 1 from ${comments} pc where pc.id = ${comments.parentId} and ${noBlockBetween(viewerId, sql`pc.author_id`)}))`
}

/**
 * The comment if this viewer may see it: its post is visible to them and no block stands between
 * them and its author (or its top-level comment's author). NOT_FOUND otherwise, as if it did not exist.
 */
export async function visibleComment(deps: Pick<CoreDeps, 'db'>, viewer: Viewer | null, id: string) {
  const viewerId = viewer?.id ?? null
  const [row] = await deps.db
    .select({ id: comments.id, postId: comments.postId, parentId: comments.parentId, authorId: comments.authorId, postAuthorId: posts.authorId })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(and(eq(comments.id, id), postVisibleTo(viewerId, posts), noBlockWithViewer(viewerId, comments.authorId), parentVisibleTo(viewerId)))
  if (!row) throw notFound('That comment')
  return row
}
