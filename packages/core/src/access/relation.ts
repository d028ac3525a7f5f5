import { and, eq, or, schema, type Queryable } from '@mosaic/db'

const { follows, blocks } = schema

export type FollowState = 'none' | 'requested' | 'following'

/** How a viewer stands towards another account: the input of every privacy decision. */
export type Relation = {
  self: boolean
  follow: FollowState
  followsViewer: boolean
  /** the viewer blocked the other */
  blocking: boolean
  /** the other blocked the viewer */
  blockedBy: boolean
}

export const NO_RELATION: Relation = { self: false, follow: 'none', followsViewer: false, blocking: false, blockedBy: false }

export async function relationBetween(db: Queryable, viewerId: string | null, otherId: string): Promise<Relation> {
  if (!viewerId) return NO_RELATION
  if (viewerId === otherId) return { ...NO_RELATION, self: true }
  const [edges, blockRows] = await Promise.all([
    db
      .select({ followerId: follows.followerId, state: follows.state })
      .from(follows)
      .where(
        or(
          and(eq(follows.followerId, viewerId), eq(follows.followeeId, otherId)),
          and(eq(follows.followerId, otherId), eq(follows.followeeId, viewerId)),
        ),
      ),
    db
      .select({ blockerId: blocks.blockerId })
      .from(blocks)
      .where(
        or(
          and(eq(blocks.blockerId, viewerId), eq(blocks.blockedId, otherId)),
          and(eq(blocks.blockerId, otherId), eq(blocks.blockedId, viewerId)),
        ),
      ),
  ])
  const mine = edges.find((e) => e.followerId === viewerId)
  const theirs = edges.find((e) => e.followerId === otherId)
  return {
    self: false,
    follow: !mine ? 'none' : mine.state === 'accepted' ? 'following' : 'requested',
    followsViewer: theirs?.state === 'accepted',
    blocking: blockRows.some((b) => b.blockerId === viewerId),
    blockedBy: blockRows.some((b) => b.blockerId === otherId),
  }
}

/** Whether the viewer may see an account's posts, stories, and follower lists. */
export function canSeeContent(rel: Relation, owner: { isPrivate: boolean }): boolean {
  if (rel.self) return true
  if (rel.blocking || rel.blockedBy) return false
  return !owner.isPrivate || rel.follow === 'following'
}
