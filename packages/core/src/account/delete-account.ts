import { and, desc, eq, inArray, schema, sql, type Queryable } from '@mosaic/db'
import { verifyPassword } from '../auth/password.ts'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError } from '../errors.ts'

const { users, sessions, follows, likes, comments, posts, postMedia, postTags, tags, places, stories, media } = schema

type Deps = Pick<CoreDeps, 'db' | 'limiter' | 'authLimits' | 'sessionCache' | 'postCache' | 'hot' | 'timelines' | 'suggestionCache'>

/** What the account left in caches, read before its rows go (the rows are how they are found). */
type Traces = { postIds: string[]; followerIds: string[]; tokenHashes: string[]; touchedPostIds: string[] }

/**
 * Deletes the viewer's account once its password is confirmed: in one transaction its posts (with
 * their tags, places and likes and comments on them), its likes and comments on other people's
 * posts (their counts moved down with them), follows both ways and requests (the other sides'
 * counters kept exact), stories and their views, notifications to and from it, blocks, sessions,
 * exports, and the media rows no other post or story holds. Their blobs are left to the media sweep
 * (no row names them any more; it collects them past its grace period, as after a post.delete).
 * Then its Redis state goes: timelines, caches, who-to-follow lists, and its posts from the
 * timelines they were fanned into. A wrong password changes nothing.
 */
export async function deleteAccount(deps: Deps, viewer: Viewer, password: string): Promise<void> {
  await confirmPassword(deps, viewer, password)
  const traces = await deps.db.transaction(async (tx) => {
    // Serialises with anything else that locks the row (a follow of this account counts it here).
    await tx.select({ id: users.id }).from(users).where(eq(users.id, viewer.id)).for('update')
    const found = await readTraces(tx, viewer.id)
    await uncountEdges(tx, viewer.id)
    await uncountEngagement(tx, viewer.id)
    await uncountPosts(tx, found.postIds)
    const mediaIds = await heldMedia(tx, viewer.id, found.postIds)
    await tx.delete(posts).where(eq(posts.authorId, viewer.id))
    await tx.delete(stories).where(eq(stories.authorId, viewer.id))
    // Everything else that names the account cascades from its row (ON DELETE CASCADE).
    await tx.delete(users).where(eq(users.id, viewer.id))
    if (mediaIds.length > 0) {
      await tx
        .delete(media)
        .where(
          and(
            inArray(media.id, mediaIds),
            sql`not exists (select 1 from ${postMedia} where ${postMedia.mediaId} = ${media.id})`,
            sql`not exists (select 1 from ${stories} where ${stories.mediaId} = ${media.id})`,
          ),
        )
    }
    return found
  })
  await forgetCaches(deps, viewer.id, traces)
}

async function confirmPassword(deps: Pick<CoreDeps, 'db' | 'limiter' | 'authLimits'>, viewer: Viewer, password: string) {
  const l = deps.authLimits
  // Counted before the hash is checked, like sign-in: a stolen session cannot guess its way through.
  const r = await deps.limiter.hit(`password:acct:${viewer.id}`, l.signInPerAccountAddress, l.signInWindowSeconds)
  if (!r.allowed) {
    const minutes = Math.ceil(r.retryAfterSeconds / 60)
    throw new DomainError('TOO_MANY_REQUESTS', `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { retryAfterSeconds: r.retryAfterSeconds })
  }
  const [row] = await deps.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, viewer.id)).limit(1)
  if (!row || !(await verifyPassword(row.hash, password))) throw new DomainError('FORBIDDEN', 'That password is not right', { field: 'password' })
}

async function readTraces(tx: Queryable, userId: string): Promise<Traces> {
  const own = await tx.select({ id: posts.id }).from(posts).where(eq(posts.authorId, userId)).orderBy(desc(posts.createdAt))
  const followers = await tx.select({ id: follows.followerId }).from(follows).where(and(eq(follows.followeeId, userId), eq(follows.state, 'accepted')))
  const tokens = await tx.select({ hash: sessions.tokenHash }).from(sessions).where(eq(sessions.userId, userId))
  const liked = await tx.select({ id: likes.postId }).from(likes).where(eq(likes.userId, userId))
  const commented = await tx.selectDistinct({ id: comments.postId }).from(comments).where(eq(comments.authorId, userId))
  const ownIds = new Set(own.map((p) => p.id))
  const touched = [...new Set([...liked, ...commented].map((p) => p.id))].filter((id) => !ownIds.has(id))
  return { postIds: [...ownIds], followerIds: followers.map((f) => f.id), tokenHashes: tokens.map((t) => t.hash), touchedPostIds: touched }
}

/** Every accepted edge to or from the account stops counting on the other side. */
async function uncountEdges(tx: Queryable, userId: string) {
  await tx.execute(sql`
    update ${users} u set following_count = greatest(u.following_count - 1, 0)
    from ${follows} f where f.follower_id = u.id and f.followee_id = ${userId} and f.state = 'accepted' and u.id <> ${userId}`)
  await tx.execute(sql`
    update ${users} u set follower_count = greatest(u.follower_count - 1, 0)
    from ${follows} f where f.followee_id = u.id and f.follower_id = ${userId} and f.state = 'accepted' and u.id <> ${userId}`)
}

/** Its likes and comments on other people's posts leave those posts' counts. */
async function uncountEngagement(tx: Queryable, userId: string) {
  await tx.execute(sql`
    update ${posts} p set like_count = greatest(p.like_count - l.n, 0)
    from (select post_id, count(*)::int n from ${likes} where user_id = ${userId} group by post_id) l
    where p.id = l.post_id and p.author_id <> ${userId}`)
  await tx.execute(sql`
    update ${posts} p set comment_count = greatest(p.comment_count - c.n, 0)
    from (
      -- its comments and replies, and the replies others wrote to its comments (they go with them)
      select post_id, count(*)::int n from ${comments}
      where author_id = ${userId} or parent_id in (select id from ${comments} where author_id = ${userId})
      group by post_id
    ) c
    where p.id = c.post_id and p.author_id <> ${userId}`)
}

/** Its posts leave their tags' and places' counts, as post.delete does one by one. */
async function uncountPosts(tx: Queryable, postIds: string[]) {
  if (postIds.length === 0) return
  // Only a published post was counted on its tags (publish.ts).
  const removed = await tx
    .delete(postTags)
    .where(inArray(postTags.postId, postIds))
    .returning({ tagId: postTags.tagId, postId: postTags.postId })
  const ready = new Set((await tx.select({ id: posts.id }).from(posts).where(and(inArray(posts.id, postIds), eq(posts.ready, true)))).map((p) => p.id))
  const perTag = new Map<string, number>()
  for (const r of removed) if (ready.has(r.postId)) perTag.set(r.tagId, (perTag.get(r.tagId) ?? 0) + 1)
  for (const [tagId, n] of perTag) await tx.update(tags).set({ postCount: sql`greatest(${tags.postCount} - ${n}, 0)` }).where(eq(tags.id, tagId))
  await tx.execute(sql`
    update ${places} pl set post_count = greatest(pl.post_count - p.n, 0)
    from (select place_id, count(*)::int n from ${posts} where ${inArray(posts.id, postIds)} and place_id is not null group by place_id) p
    where pl.id = p.place_id`)
}

/** The media the account's posts and stories hold: the candidates for collection once they go. */
async function heldMedia(tx: Queryable, userId: string, postIds: string[]): Promise<string[]> {
  const viaPosts = postIds.length ? await tx.selectDistinct({ id: postMedia.mediaId }).from(postMedia).where(inArray(postMedia.postId, postIds)) : []
  const viaStories = await tx.selectDistinct({ id: stories.mediaId }).from(stories).where(eq(stories.authorId, userId))
  return [...new Set([...viaPosts, ...viaStories].map((m) => m.id))]
}

/**
 * After the commit: sessions refused at once everywhere, then the Redis state. If Redis does not
 * answer now, what is left is harmless and goes by itself: readers drop dead posts from their
 * timelines when they meet them, the account's own keys expire, and no read finds its id a user.
 */
async function forgetCaches(deps: Deps, userId: string, t: Traces) {
  for (const hash of t.tokenHashes) await deps.sessionCache.evict(hash)
  for (const id of [...t.postIds, ...t.touchedPostIds]) await deps.postCache.invalidate(id)
  await deps.suggestionCache.forget(userId)
  if (deps.hot) for (const id of t.touchedPostIds) await deps.hot.countsChanged(id, 'unknown')
  try {
    await deps.hot?.forgetReader(userId)
    await deps.timelines?.forgetAccount(userId, t.postIds, t.followerIds)
  } catch {
    /* see above */
  }
}
