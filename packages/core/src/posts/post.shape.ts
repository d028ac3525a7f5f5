import { and, asc, eq, inArray, schema } from '@mosaic/db'
import type { CoreDeps } from '../deps.ts'
import { summaryColumns, toSummary, type UserSummary } from '../users/user.shape.ts'

const { posts, users, postMedia, media, postTags, tags, likes } = schema

export type Media = {
  id: string
  width: number
  height: number
  placeholder: string
  alt: string | null
  urls: { thumb: string; small: string; large: string; original: string }
}

export type Post = {
  id: string
  author: UserSummary
  caption: string
  tags: string[]
  location: { name: string; lat: number | null; lng: number | null } | null
  media: Media[]
  createdAt: string
  likeCount: number
  commentCount: number
  viewerHasLiked: boolean
}

export type MediaRow = { id: string; width: number; height: number; placeholder: string; thumbKey: string; smallKey: string; largeKey: string; originalKey: string }

/** Public content gets immutable URLs; a private account's media gets expiring signed ones. */
export function toMedia(row: MediaRow & { alt: string | null }, isPrivate: boolean, urls: CoreDeps['urls']): Media {
  const url = isPrivate ? urls.signed : urls.public
  return {
    id: row.id,
    width: row.width,
    height: row.height,
    placeholder: row.placeholder,
    alt: row.alt,
    urls: { thumb: url(row.thumbKey), small: url(row.smallKey), large: url(row.largeKey), original: url(row.originalKey) },
  }
}

/**
 * Posts by id, in the order given, in four queries however many there are. The caller has
 * already decided the viewer may see them.
 */
export async function hydratePosts(deps: Pick<CoreDeps, 'db' | 'urls'>, viewerId: string | null, ids: string[]): Promise<Post[]> {
  if (ids.length === 0) return []
  const { db } = deps
  const [postRows, mediaRows, tagRows, likedRows] = await Promise.all([
    db
      .select({
        id: posts.id,
        caption: posts.caption,
        locationName: posts.locationName,
        locationLat: posts.locationLat,
        locationLng: posts.locationLng,
        createdAt: posts.createdAt,
        likeCount: posts.likeCount,
        commentCount: posts.commentCount,
        author: { ...summaryColumns, isPrivate: users.isPrivate },
      })
      .from(posts)
      .innerJoin(users, eq(users.id, posts.authorId))
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
    db
      .select({ postId: postTags.postId, name: tags.name })
      .from(postTags)
      .innerJoin(tags, eq(tags.id, postTags.tagId))
      .where(inArray(postTags.postId, ids)),
    viewerId
      ? db
          .select({ postId: likes.postId })
          .from(likes)
          .where(and(eq(likes.userId, viewerId), inArray(likes.postId, ids)))
      : Promise.resolve([]),
  ])
  const byId = new Map(postRows.map((p) => [p.id, p]))
  const liked = new Set(likedRows.map((l) => l.postId))
  const out: Post[] = []
  for (const id of ids) {
    const p = byId.get(id)
    if (!p) continue
    out.push({
      id: p.id,
      author: toSummary(p.author, deps.urls),
      caption: p.caption,
      tags: tagRows
        .filter((t) => t.postId === id)
        .map((t) => t.name)
        .sort(),
      location: p.locationName ? { name: p.locationName, lat: p.locationLat, lng: p.locationLng } : null,
      media: mediaRows.filter((m) => m.postId === id).map((m) => toMedia(m, p.author.isPrivate, deps.urls)),
      createdAt: p.createdAt.toISOString(),
      likeCount: p.likeCount,
      commentCount: p.commentCount,
      viewerHasLiked: liked.has(id),
    })
  }
  return out
}
