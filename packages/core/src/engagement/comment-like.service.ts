import { and, eq, schema, sql } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { spend } from '../social/guard.ts'
import { visibleComment } from './comment.shape.ts'
import type { LikeState } from './like.service.ts'

const { commentLikes } = schema

type Deps = Pick<CoreDeps, 'db' | 'limiter' | 'abuseLimits'>

async function likeCount(deps: Pick<CoreDeps, 'db'>, commentId: string): Promise<number> {
  const [row] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(commentLikes).where(eq(commentLikes.commentId, commentId))
  return Number(row?.n ?? 0)
}

/**
 * Idempotent: liking twice is one like. Only a comment the viewer may see (so never one by
 * someone in a block with them); any other is NOT_FOUND. Counts against the hourly like allowance.
 */
export async function likeComment(deps: Deps, viewer: Viewer, id: string): Promise<LikeState> {
  const comment = await visibleComment(deps, viewer, id)
  const [already] = await deps.db
    .select({ one: sql`1` })
    .from(commentLikes)
    .where(and(eq(commentLikes.commentId, comment.id), eq(commentLikes.userId, viewer.id)))
  if (!already) {
    await spend(deps, viewer, 'like')
    await deps.db.insert(commentLikes).values({ commentId: comment.id, userId: viewer.id }).onConflictDoNothing()
  }
  return { likeCount: await likeCount(deps, comment.id), viewerHasLiked: true }
}

export async function unlikeComment(deps: Pick<CoreDeps, 'db'>, viewer: Viewer, id: string): Promise<LikeState> {
  const comment = await visibleComment(deps, viewer, id)
  await deps.db.delete(commentLikes).where(and(eq(commentLikes.commentId, comment.id), eq(commentLikes.userId, viewer.id)))
  return { likeCount: await likeCount(deps, comment.id), viewerHasLiked: false }
}
