import { eq, or, schema, sql } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError, notFound } from '../errors.ts'
import { notifyMentions } from '../notifications/mentions.ts'
import { parseMentions } from '../posts/caption.ts'
import { spend } from '../social/guard.ts'
import { summaryColumns, toSummary } from '../users/user.shape.ts'
import { visibleComment, type Comment } from './comment.shape.ts'
import { visiblePost } from './like.service.ts'

const { comments, posts, users } = schema

type Deps = Pick<CoreDeps, 'db' | 'urls' | 'queue' | 'limiter' | 'abuseLimits' | 'hot'>

/** The top-level comment a reply joins, if it is one: a reply to a reply joins its parent's thread, as on Instagram. */
async function threadOf(deps: Pick<CoreDeps, 'db'>, viewer: Viewer, postId: string, parentId: string | null | undefined) {
  if (!parentId) return null
  const parent = await visibleComment(deps, viewer, parentId)
  if (parent.postId !== postId) throw notFound('That comment')
  if (!parent.parentId) return { id: parent.id, authorId: parent.authorId }
  return { id: parent.parentId, authorId: (await visibleComment(deps, viewer, parent.parentId)).authorId }
}

/**
 * A comment, or with `parentId` a reply (one level). The post's comment count counts replies
 * too. The post's author is told of it, and so is the author of the comment replied to.
 */
export async function addComment(deps: Deps, viewer: Viewer, input: { postId: string; text: string; parentId?: string | null | undefined }): Promise<Comment> {
  const post = await visiblePost(deps, viewer, input.postId)
  if (post.commentsDisabled) throw new DomainError('FORBIDDEN', 'Comments are turned off for this post', { field: 'text' })
  const thread = await threadOf(deps, viewer, post.id, input.parentId)
  await spend(deps, viewer, 'comment')
  const row = await deps.db.transaction(async (tx) => {
    const [c] = await tx
      .insert(comments)
      .values({ postId: post.id, authorId: viewer.id, text: input.text, parentId: thread?.id ?? null })
      .returning()
    await tx
      .update(posts)
      .set({ commentCount: sql`${posts.commentCount} + 1` })
      .where(eq(posts.id, post.id))
    return c!
  })
  await deps.hot?.countsChanged(post.id, { comments: 1 })
  const told = [post.authorId, ...(thread ? [thread.authorId] : [])].filter((id, i, all) => id !== viewer.id && all.indexOf(id) === i)
  for (const recipientId of told) {
    await deps.queue.enqueue('notify', { type: 'comment', recipientId, actorId: viewer.id, postId: post.id, commentId: row.id })
  }
  await notifyMentions(deps, viewer, parseMentions(input.text), { postId: post.id, commentId: row.id, skip: told })
  const [author] = await deps.db.select(summaryColumns).from(users).where(eq(users.id, viewer.id))
  return {
    id: row.id,
    postId: row.postId,
    parentId: row.parentId,
    author: toSummary(author!, deps.urls),
    text: row.text,
    createdAt: row.createdAt.toISOString(),
    replyCount: 0,
    likeCount: 0,
    viewerHasLiked: false,
  }
}

/**
 * By the comment's author (their words, even on a post they can no longer see: blocked, or removed
 * from a private account's followers) or the post's author. Anyone else who cannot see the post
 * gets NOT_FOUND, as if the comment did not exist. A top-level comment takes its replies with it.
 */
export async function deleteComment(deps: Pick<CoreDeps, 'db' | 'hot'>, viewer: Viewer, id: string): Promise<void> {
  const [row] = await deps.db
    .select({ id: comments.id, postId: comments.postId, authorId: comments.authorId, postAuthorId: posts.authorId })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(eq(comments.id, id))
  if (!row) throw notFound('That comment')
  if (row.authorId !== viewer.id && row.postAuthorId !== viewer.id) {
    await visiblePost(deps, viewer, row.postId).catch(() => {
      throw notFound('That comment')
    })
    throw new DomainError('FORBIDDEN', 'Only its author or the post’s author can delete this comment')
  }
  const removed = await deps.db.transaction(async (tx) => {
    const gone = await tx
      .delete(comments)
      .where(or(eq(comments.id, id), eq(comments.parentId, id)))
      .returning({ id: comments.id })
    if (gone.length > 0) {
      await tx
        .update(posts)
        .set({ commentCount: sql`greatest(${posts.commentCount} - ${gone.length}, 0)` })
        .where(eq(posts.id, row.postId))
    }
    return gone.length
  })
  if (removed > 0) await deps.hot?.countsChanged(row.postId, { comments: -removed })
}
