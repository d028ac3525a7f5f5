import { asc, eq, inArray, rows, schema, sql, type Queryable } from '@mosaic/db'
import type { Redis } from 'ioredis'
import type { CoreDeps } from '../deps.ts'
import { toMedia, type MediaRow, type Post } from '../posts/post.shape.ts'
import { keys } from './keys.ts'

const { posts, postMedia, media, postTags, tags } = schema

/** The parts of a post that change rarely (an edit invalidates them): safe to cache for everyone. */
export type PostCore = {
  id: string
  authorId: string
  /** epoch milliseconds */
  t: number
  caption: string
  tags: string[]
  location: Post['location']
  media: (MediaRow & { alt: string | null })[]
}

const CACHE_TTL_SECONDS = 3600

export async function loadPostCores(db: Queryable, ids: string[]): Promise<Map<string, PostCore>> {
  const out = new Map<string, PostCore>()
  if (ids.length === 0) return out
  const [postRows, mediaRows, tagRows] = await Promise.all([
    db
      .select({ id: posts.id, authorId: posts.authorId, createdAt: posts.createdAt, caption: posts.caption, locationName: posts.locationName, locationLat: posts.locationLat, locationLng: posts.locationLng })
      .from(posts)
      .where(inArray(posts.id, ids)),
    db
      .select({
        postId: postMedia.postId,
        id: postMedia.id,
        alt: postMedia.alt,
        width: media.width,
        height: media.height,
        placeholder: media.placeholder,
        thumbKey: media.thumbKey,
        smallKey: media.smallKey,
        largeKey: media.largeKey,
        originalKey: media.originalKey,
      })
      .from(postMedia)
      .innerJoin(media, eq(media.id, postMedia.mediaId))
      .where(inArray(postMedia.postId, ids))
      .orderBy(asc(postMedia.postId), asc(postMedia.position)),
    db.select({ postId: postTags.postId, name: tags.name }).from(postTags).innerJoin(tags, eq(tags.id, postTags.tagId)).where(inArray(postTags.postId, ids)),
  ])
  for (const p of postRows) {
    out.set(p.id, {
      id: p.id,
      authorId: p.authorId,
      t: p.createdAt.getTime(),
      caption: p.caption,
      location: p.locationName ? { name: p.locationName, lat: p.locationLat, lng: p.locationLng } : null,
      tags: tagRows.filter((t) => t.postId === p.id).map((t) => t.name).sort(),
      media: mediaRows.filter((m) => m.postId === p.id).map(({ postId: _, ...m }) => m),
    })
  }
  return out
}

/**
 * Post cores from Redis, filled from Postgres on a miss with request coalescing: however many
 * readers miss the same post at once, one database read fills it.
 */
export function createPostCache(opts: { db: Queryable; redis: Redis | null; load?: typeof loadPostCores }) {
  const load = opts.load ?? loadPostCores
  const inFlight = new Map<string, Promise<PostCore | undefined>>()

  const fill = (ids: string[]): Map<string, Promise<PostCore | undefined>> => {
    const result = new Map<string, Promise<PostCore | undefined>>()
    const todo = ids.filter((id) => {
      const waiting = inFlight.get(id)
      if (waiting) result.set(id, waiting)
      return !waiting
    })
    if (todo.length > 0) {
      const batch = load(opts.db, todo).then(async (found) => {
        if (opts.redis && found.size > 0) {
          const pipe = opts.redis.pipeline()
          for (const core of found.values()) pipe.set(keys.post(core.id), JSON.stringify(core), 'EX', CACHE_TTL_SECONDS)
          await pipe.exec().catch(() => {})
        }
        return found
      })
      for (const id of todo) {
        const p = batch.then((found) => found.get(id)).finally(() => inFlight.delete(id))
        inFlight.set(id, p)
        result.set(id, p)
      }
    }
    return result
  }

  return {
    async getMany(ids: string[]): Promise<Map<string, PostCore>> {
      const out = new Map<string, PostCore>()
      let misses = ids
      if (opts.redis && ids.length > 0) {
        const cached = await opts.redis.mget(...ids.map(keys.post)).catch(() => ids.map(() => null))
        misses = []
        ids.forEach((id, i) => {
          const hit = cached[i]
          if (hit) out.set(id, JSON.parse(hit) as PostCore)
          else misses.push(id)
        })
      }
      const filled = fill(misses)
      for (const [id, p] of filled) {
        const core = await p
        if (core) out.set(id, core)
      }
      return out
    },
    async invalidate(id: string) {
      await opts.redis?.del(keys.post(id)).catch(() => {})
    },
  }
}

export type PostCache = ReturnType<typeof createPostCache>

export type Fresh = { id: string; t: number; likeCount: number; commentCount: number; liked: boolean; authorId: string; username: string; displayName: string; avatarKey: string | null; isPrivate: boolean }

/**
 * What changes often, read fresh in one indexed query: counts, the viewer's like, the author.
 * Only posts the viewer may see in the home feed come back — their own, or by someone they
 * follow now — so a timeline that lags an unfollow or a block never shows what it should not.
 */
export async function freshFeedRows(db: Queryable, viewerId: string, ids: string[]): Promise<Map<string, Fresh>> {
  if (ids.length === 0) return new Map()
  const list = await rows<{ id: string; t: string | number; like_count: number; comment_count: number; liked: boolean; author_id: string; username: string; display_name: string; avatar_key: string | null; is_private: boolean }>(
    db,
    sql`select p.id, (extract(epoch from p.created_at) * 1000)::bigint as t, p.like_count, p.comment_count, p.author_id,
          u.username, u.display_name, u.avatar_key, u.is_private,
          exists (select 1 from likes l where l.post_id = p.id and l.user_id = ${viewerId}) as liked
        from posts p join users u on u.id = p.author_id
        where p.id = any(${`{${ids.join(',')}}`}::uuid[]) and ${visibleInFeed(viewerId)}`,
  )
  return new Map(
    list.map((r) => [
      r.id,
      { id: r.id, t: Number(r.t), likeCount: r.like_count, commentCount: r.comment_count, liked: r.liked, authorId: r.author_id, username: r.username, displayName: r.display_name, avatarKey: r.avatar_key, isPrivate: r.is_private },
    ]),
  )
}

const visibleInFeed = (viewerId: string) =>
  sql`(p.author_id = ${viewerId} or exists (select 1 from follows f where f.follower_id = ${viewerId} and f.followee_id = p.author_id and f.state = 'accepted'))`

/** What `top` ranks by, for candidates the viewer may still see: one light indexed query. */
export async function candidateCounts(db: Queryable, viewerId: string, ids: string[]) {
  if (ids.length === 0) return []
  const list = await rows<{ id: string; t: string | number; like_count: number; comment_count: number }>(
    db,
    sql`select p.id, (extract(epoch from p.created_at) * 1000)::bigint as t, p.like_count, p.comment_count from posts p
        where p.id = any(${`{${ids.join(',')}}`}::uuid[]) and ${visibleInFeed(viewerId)}`,
  )
  return list.map((r) => ({ id: r.id, createdAtMs: Number(r.t), likeCount: r.like_count, commentCount: r.comment_count }))
}

export function shapeFeedPost(core: PostCore, fresh: Fresh, urls: CoreDeps['urls']): Post {
  return {
    id: core.id,
    author: { id: fresh.authorId, username: fresh.username, displayName: fresh.displayName || fresh.username, avatarUrl: fresh.avatarKey ? urls.public(fresh.avatarKey) : null },
    caption: core.caption,
    tags: core.tags,
    location: core.location,
    media: core.media.map((m) => toMedia(m, fresh.isPrivate, urls)),
    createdAt: new Date(fresh.t).toISOString(),
    likeCount: fresh.likeCount,
    commentCount: fresh.commentCount,
    viewerHasLiked: fresh.liked,
  }
}
