import { and, asc, eq, schema, sql } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError, notFound } from '../errors.ts'
import { decodeCursor, type Page, pageOf, pastCursor, timeIdCursor } from '../pagination/cursor.ts'
import { parseMentions } from '../posts/caption.ts'
import { spend } from '../social/guard.ts'
import { notifyMentions } from '../notifications/mentions.ts'
import { summaryColumns, toSummary, type UserSummary } from '../users/user.shape.ts'
import { visiblePost } from './like.service.ts'
import { noBlockWithViewer } from '../access/visibility.ts'

const { comments, posts, users } = schema

export type Comment = { id: string; postId: string; author: UserSummary; text: string; createdAt: string }

type Deps = Pick<CoreDeps, 'db' | 'urls' | 'queue' | 'limiter' | 'abuseLimits' | 'hot'>

export async function addComment(deps: Deps, viewer: Viewer, input: { postId: string; text: string }): Promise<Comment> {
  const post = await visiblePost(deps, viewer, input.postId)
  if (post.commentsDisabled) throw new DomainError('FORBIDDEN', 'Comments are turned off for this post', { field: 'text' })
  await spend(deps, viewer, 'comment')
  const row = await deps.db.transaction(async (tx) => {
    const [c] = await tx.insert(comments).values({ postId: post.id, authorId: viewer.id, text: input.text }).returning()
    await tx
      .update(posts)
      .set({ commentCount: sql`${posts.commentCount} + 1` })
      .where(eq(posts.id, post.id))
    return c!
  })
  await deps.hot?.countsChanged(post.id)
  if (post.authorId !== viewer.id) {
    await deps.queue.enqueue('notify', { type: 'comment', recipientId: post.authorId, actorId: viewer.id, postId: post.id, commentId: row.id })
  }
  await notifyMentions(deps, viewer, parseMentions(input.text), { postId: post.id, commentId: row.id, skip: [post.authorId] })
  const [author] = await deps.db.select(summaryColumns).from(users).where(eq(users.id, viewer.id))
  return { id: row.id, postId: row.postId, author: toSummary(author!, deps.urls), text: row.text, createdAt: row.createdAt.toISOString() }
}

/** Oldest first. Comments by anyone in a block with the viewer are left out of the viewer's thread. */
export async function listComments(
  deps: Pick<CoreDeps, 'db' | 'urls'>,
  viewer: Viewer | null,
  input: { postId: string; cursor?: string | null | undefined; limit: number },
): Promise<Page<Comment>> {
  await visiblePost(deps, viewer, input.postId)
  const after = decodeCursor(input.cursor, timeIdCursor)
  const rows = await deps.db
    .select({ id: comments.id, postId: comments.postId, text: comments.text, createdAt: comments.createdAt, author: summaryColumns })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(
      and(
        eq(comments.postId, input.postId),
        noBlockWithViewer(viewer?.id ?? null, comments.authorId),
        pastCursor(comments.createdAt, comments.id, after, 'asc'),
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(input.limit + 1)
  return pageOf(rows, input.limit, (r) => [r.createdAt.toISOString(), r.id], (list) =>
    list.map((r) => ({ id: r.id, postId: r.postId, text: r.text, createdAt: r.createdAt.toISOString(), author: toSummary(r.author, deps.urls) })),
  )
}

/**
 * By the comment's author (their words, even on a post they can no longer see: blocked, or removed
 * from a private account's followers) or the post's author. Anyone else who cannot see the post
 * gets NOT_FOUND, as if the comment did not exist.
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
  await deps.db.transaction(async (tx) => {
    const gone = await tx.delete(comments).where(eq(comments.id, id)).returning({ id: comments.id })
    if (gone.length > 0) {
      await tx
        .update(posts)
        .set({ commentCount: sql`greatest(${posts.commentCount} - 1, 0)` })
        .where(eq(posts.id, row.postId))
    }
  })
  await deps.hot?.countsChanged(row.postId)
}
