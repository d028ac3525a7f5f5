import { and, eq, inArray, schema, sql } from '@mosaic/db'
import type { UpdateProfileInput } from '@mosaic/validators'
import type { CoreDeps, Viewer } from '../deps.ts'
import { notFound } from '../errors.ts'
import { canSeeContent, relationBetween } from '../access/relation.ts'
import { liveStoryAuthors } from './story-presence.ts'
import { summaryColumns, toSummary, type UserSummary } from './user.shape.ts'

const { users, follows } = schema

export type Profile = UserSummary & {
  bio: string
  isPrivate: boolean
  counts: { posts: number; followers: number; following: number }
  viewer: { follow: 'none' | 'requested' | 'following'; followsViewer: boolean; blocked: boolean } | null
}

const profileColumns = {
  ...summaryColumns,
  bio: users.bio,
  isPrivate: users.isPrivate,
  postCount: users.postCount,
  followerCount: users.followerCount,
  followingCount: users.followingCount,
}

export async function getProfile(deps: Pick<CoreDeps, 'db' | 'urls' | 'clock'>, viewer: Viewer | null, username: string): Promise<Profile> {
  const [row] = await deps.db.select(profileColumns).from(users).where(eq(users.username, username)).limit(1)
  if (!row) throw notFound('That account')
  const rel = await relationBetween(deps.db, viewer?.id ?? null, row.id)
  // Someone who blocked you does not exist, as far as you can tell.
  if (rel.blockedBy) throw notFound('That account')
  // The story ring, only where this viewer may see the account's stories.
  const hasStory = canSeeContent(rel, row) && (await liveStoryAuthors(deps.db, [row.id], deps.clock.now())).has(row.id)
  return {
    ...toSummary(row, deps.urls),
    hasStory,
    bio: row.bio,
    isPrivate: row.isPrivate,
    counts: { posts: row.postCount, followers: row.followerCount, following: row.followingCount },
    viewer:
      viewer && !rel.self ? { follow: rel.blocking ? 'none' : rel.follow, followsViewer: rel.followsViewer, blocked: rel.blocking } : null,
  }
}

export async function updateProfile(deps: Pick<CoreDeps, 'db' | 'urls' | 'queue' | 'hot' | 'clock'>, viewer: Viewer, input: UpdateProfileInput): Promise<Profile> {
  const approvedIds = await deps.db.transaction(async (tx) => {
    const [before] = await tx.select({ isPrivate: users.isPrivate }).from(users).where(eq(users.id, viewer.id)).for('update')
    if (!before) throw notFound('Your account')
    await tx
      .update(users)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(users.id, viewer.id))
    // Going public approves everyone who was waiting, in the same transaction as the flag.
    if (before.isPrivate && input.isPrivate === false) {
      const approved = await tx
        .update(follows)
        .set({ state: 'accepted', acceptedAt: new Date() })
        .where(and(eq(follows.followeeId, viewer.id), eq(follows.state, 'pending')))
        .returning({ followerId: follows.followerId })
      if (approved.length > 0) {
        await tx
          .update(users)
          .set({ followerCount: sql`${users.followerCount} + ${approved.length}` })
          .where(eq(users.id, viewer.id))
        await tx
          .update(users)
          .set({ followingCount: sql`${users.followingCount} + 1` })
          .where(
            inArray(
              users.id,
              approved.map((a) => a.followerId),
            ),
          )
      }
      return approved.map((a) => a.followerId)
    }
    return []
  })
  await deps.hot?.authorChanged(viewer.id)
  for (const followerId of approvedIds) {
    await deps.queue.enqueue('notify', { type: 'follow_accepted', recipientId: followerId, actorId: viewer.id })
    await deps.queue.enqueue('feed.followChanged', { followerId, followeeId: viewer.id, following: true })
  }
  return getProfile(deps, viewer, viewer.username)
}
