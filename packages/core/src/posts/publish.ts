import { and, eq, inArray, not, schema, sql, type Queryable } from '@mosaic/db'
import type { CoreDeps } from '../deps.ts'
import { notifyMentions } from '../notifications/mentions.ts'
import { parseMentions } from './caption.ts'
import { linkPlace } from './place-link.ts'
import { refreshSearchDocument } from './search-document.ts'

const { posts, postTags, tags, users } = schema

/** A post just published, with what the after-commit part needs. */
export type Published = { id: string; authorId: string; createdAt: Date; caption: string; tagged: boolean }

/**
 * The transactional part of publishing: claims the post (`ready` false → true, only when every one
 * of its media is ready), then counts its tags, links its place, writes its search document and
 * counts it on its author's profile.
 * The claim is one atomic update, so of several callers (a retried transcode job, two videos of one
 * post finishing at once) exactly one publishes; the others get null and count nothing.
 * Run it in the transaction that wrote the post (post.create) or in one of its own (the worker).
 */
export async function publishInTransaction(tx: Queryable, postId: string): Promise<Published | null> {
  // Its media rows stay share-locked until this transaction ends: a transcode finishing meanwhile
  // waits to mark its medium ready, then finds this post among the medium's posts and publishes it;
  // or it finished first, and the claim below sees its medium ready. Either way no post is left behind.
  await tx.execute(sql`select m.id from post_media pm join media m on m.id = pm.media_id where pm.post_id = ${postId} for share of m`)
  const [claimed] = await tx
    .update(posts)
    .set({ ready: true })
    .where(
      and(
        eq(posts.id, postId),
        not(posts.ready),
        sql`not exists (select 1 from post_media pm join media m on m.id = pm.media_id where pm.post_id = ${posts.id} and m.state <> 'ready')`,
      ),
    )
    .returning({
      id: posts.id,
      authorId: posts.authorId,
      createdAt: posts.createdAt,
      caption: posts.caption,
      locationName: posts.locationName,
      locationLat: posts.locationLat,
      locationLng: posts.locationLng,
    })
  if (!claimed) return null
  // The post's tags were attached uncounted when it was written (its author sees them at once).
  const counted = await tx
    .update(tags)
    .set({ postCount: sql`${tags.postCount} + 1` })
    .where(inArray(tags.id, tx.select({ id: postTags.tagId }).from(postTags).where(eq(postTags.postId, postId))))
    .returning({ id: tags.id })
  // A place page lists a post from here on: an unpublished post has no place_id (nor counts in one).
  if (claimed.locationName) {
    const placeId = await linkPlace(tx, { name: claimed.locationName, lat: claimed.locationLat, lng: claimed.locationLng })
    await tx.update(posts).set({ placeId }).where(eq(posts.id, postId))
  }
  await refreshSearchDocument(tx, postId)
  await tx
    .update(users)
    .set({ postCount: sql`${users.postCount} + 1` })
    .where(eq(users.id, claimed.authorId))
  return { id: claimed.id, authorId: claimed.authorId, createdAt: claimed.createdAt, caption: claimed.caption, tagged: counted.length > 0 }
}

/**
 * After the publishing transaction commits: followers' timelines, trending, @mentions — all off the
 * request path, through the queue. Fan-out and trending carry job ids, so a repeat is one job.
 */
export async function announcePost(deps: Pick<CoreDeps, 'db' | 'queue'>, post: Published): Promise<void> {
  await deps.queue.enqueue('feed.fanout', { postId: post.id, authorId: post.authorId, createdAt: post.createdAt.getTime() }, { jobId: `fanout-${post.id}` })
  if (post.tagged) await deps.queue.enqueue('trending.record', { postId: post.id }, { jobId: `trend-${post.id}` })
  await notifyMentions(deps, { id: post.authorId }, parseMentions(post.caption), { postId: post.id })
}

/**
 * Makes a post public once all its media are ready: what post.create does at once for a post of
 * photos, and the transcode job when a post's last video is done. Idempotent: true only for the
 * call that published it.
 */
export async function publishPost(deps: Pick<CoreDeps, 'db' | 'queue'>, postId: string): Promise<boolean> {
  const published = await deps.db.transaction((tx) => publishInTransaction(tx, postId))
  if (!published) return false
  await announcePost(deps, published)
  return true
}
