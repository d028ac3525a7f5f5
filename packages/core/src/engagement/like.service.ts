import { and, desc, eq, schema, sql } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { notFound } from '../errors.ts'
import { decodeCursor, pageOf, pastCursor, timeIdCursor } from '../pagination/cursor.ts'
import { spend } from '../social/guard.ts'
import { postVisibleTo } from '../access/visibility.ts'
import { summaryColumns, toSummary } from '../users/user.shape.ts'
import { noBlockWithViewer } from '../access/visibility.ts'

const { posts, likes, users } = schema

type Deps = Pick<CoreDeps, 'db' | 'urls' | 'queue' | 'limiter' | 'abuseLimits' | 'hot'>

/** The post if the viewer may see it (and so like, comment on, or list its likers): an unpublished one is its author's alone. */
export async function visiblePost(deps: Pick<CoreDeps, 'db'>, viewer: Viewer | null, postId: string) {
  const [row] = await deps.db
    .select({ id: posts.id, authorId: posts.authorId, commentsDisabled: posts.commentsDisabled })
    .from(posts)
    .where(and(eq(posts.id, postId), postVisibleTo(viewer?.id ?? null, posts)))
  if (!row) throw notFound('That post')
  return row
}

export type LikeState = { likeCount: number; viewerHasLiked: boolean }

/** Idempotent: liking twice is one like. The counter moves in the same transaction as the row. */
export async function like(deps: Deps, viewer: Viewer, postId: string): Promise<LikeState> {
  const post = await visiblePost(deps, viewer, postId)
  const [already] = await deps.db.select({ one: sql`1` }).from(likes).where(and(eq(likes.postId, postId), eq(likes.userId, viewer.id)))
  if (!already) await spend(deps, viewer, 'like')
  const { inserted, likeCount } = await deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(likes).values({ postId, userId: viewer.id }).onConflictDoNothing().returning({ postId: likes.postId })
    const [p] = row
      ? await tx
          .update(posts)
          .set({ likeCount: sql`${posts.likeCount} + 1` })
          .where(eq(posts.id, postId))
          .returning({ likeCount: posts.likeCount })
      : await tx.select({ likeCount: posts.likeCount }).from(posts).where(eq(posts.id, postId))
    return { inserted: Boolean(row), likeCount: p?.likeCount ?? 0 }
  })
  await deps.hot?.likeChanged(viewer.id, postId, true, inserted)
  if (inserted && post.authorId !== viewer.id) {
    await deps.queue.enqueue('notify', { type: 'like', recipientId: post.authorId, actorId: viewer.id, postId })
  }
  return { likeCount, viewerHasLiked: true }
}

export async function unlike(deps: Deps, viewer: Viewer, postId: string): Promise<LikeState> {
  await visiblePost(deps, viewer, postId)
  const { removed, likeCount } = await deps.db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(likes)
      .where(and(eq(likes.postId, postId), eq(likes.userId, viewer.id)))
      .returning({ postId: likes.postId })
    const [p] = gone
      ? await tx
          .update(posts)
          .set({ likeCount: sql`greatest(${posts.likeCount} - 1, 0)` })
          .where(eq(posts.id, postId))
          .returning({ likeCount: posts.likeCount })
      : await tx.select({ likeCount: posts.likeCount }).from(posts).where(eq(posts.id, postId))
    return { removed: Boolean(gone), likeCount: p?.likeCount ?? 0 }
  })
  await deps.hot?.likeChanged(viewer.id, postId, false, removed)
  return { likeCount, viewerHasLiked: false }
}

export async function likers(deps: Pick<CoreDeps, 'db' | 'urls'>, viewer: Viewer | null, input: { id: string; cursor?: string | null | undefined; limit: number }) {
  await visiblePost(deps, viewer, input.id)
  const after = decodeCursor(input.cursor, timeIdCursor)
  const rows = await deps.db
    .select({ ...summaryColumns, at: likes.createdAt })
    .from(likes)
    .innerJoin(users, eq(users.id, likes.userId))
    .where(
      and(
        eq(likes.postId, input.id),
        noBlockWithViewer(viewer?.id ?? null, users.id),
        pastCursor(likes.createdAt, likes.userId, after),
      ),
    )
    .orderBy(desc(likes.createdAt), desc(likes.userId))
    .limit(input.limit + 1)
  return pageOf(rows, input.limit, (r) => [r.at.toISOString(), r.id], (r) => r.map((x) => toSummary(x, deps.urls)))
}
