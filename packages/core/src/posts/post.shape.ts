import { asc, eq, inArray, rows, schema, sql, type Queryable } from '@mosaic/db'
import type { CoreDeps } from '../deps.ts'
import type { Fresh, MediaRow, PostCore } from '../types.ts'
import { toSummary, type UserSummary } from '../users/user.shape.ts'
import { withSavedState } from './saved-state.ts'

const { posts, postMedia, media, postTags, tags } = schema

export type Media = {
  id: string
  width: number
  height: number
  kind: 'image' | 'video'
  placeholder: string
  alt: string | null
  urls: { thumb: string; small: string; large: string; original: string; video?: string }
  /** videos only */
  durationMs?: number
  state?: 'processing' | 'ready' | 'failed'
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
  /** whether the viewer saved it (bookmarked); absent for a signed-out viewer */
  viewerHasSaved?: boolean
  /** the author turned comments off (comment.add is refused) */
  commentsDisabled: boolean
}

export type { Fresh, MediaRow, PostCore }

/** The columns `toMedia` renders a photo from: select exactly these. */
export const mediaColumns = {
  width: media.width,
  height: media.height,
  placeholder: media.placeholder,
  thumbKey: media.thumbKey,
  smallKey: media.smallKey,
  largeKey: media.largeKey,
  originalKey: media.originalKey,
  kind: media.kind,
  state: media.state,
  durationMs: media.durationMs,
  videoKey: media.videoKey,
}

/** Public content gets immutable URLs; a private account's media gets expiring signed ones. */
export function toMedia(row: MediaRow & { alt: string | null }, isPrivate: boolean, urls: CoreDeps['urls']): Media {
  const url = isPrivate ? urls.signed : urls.public
  const common = { id: row.id, width: row.width, height: row.height, placeholder: row.placeholder, alt: row.alt }
  const poster = { thumb: url(row.thumbKey), small: url(row.smallKey), large: url(row.largeKey) }
  // A cached core written before videos existed has no kind: it is an image.
  if (row.kind !== 'video') return { ...common, kind: 'image', urls: { ...poster, original: url(row.originalKey) } }
  // A video's `original` is the transcoded file, never the upload; until it exists, the poster.
  const video = row.state === 'ready' && row.videoKey ? url(row.videoKey) : undefined
  return {
    ...common,
    kind: 'video',
    urls: { ...poster, original: video ?? url(row.originalKey), ...(video ? { video } : {}) },
    ...(row.durationMs != null ? { durationMs: row.durationMs } : {}),
    state: row.state,
  }
}

export async function loadPostCores(db: Queryable, ids: string[]): Promise<Map<string, PostCore>> {
  const out = new Map<string, PostCore>()
  if (ids.length === 0) return out
  const [postRows, mediaRows, tagRows] = await Promise.all([
    db
      .select({ id: posts.id, authorId: posts.authorId, createdAt: posts.createdAt, caption: posts.caption, locationName: posts.locationName, locationLat: posts.locationLat, locationLng: posts.locationLng, commentsDisabled: posts.commentsDisabled })
      .from(posts)
      .where(inArray(posts.id, ids)),
    db
      .select({
        postId: postMedia.postId,
        id: postMedia.id,
        alt: postMedia.alt,
        ...mediaColumns,
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
      commentsDisabled: p.commentsDisabled,
    })
  }
  return out
}

/** SQL over `p`: the viewer's own posts, and the published posts of accounts they follow now. */
export const visibleInFeed = (viewerId: string) =>
  sql`(p.author_id = ${viewerId} or (p.ready and exists (select 1 from follows f where f.follower_id = ${viewerId} and f.followee_id = p.author_id and f.state = 'accepted')))`

/**
 * What changes often, read fresh in one indexed query: counts, the viewer's like, the author.
 * With `followedOnly`, only posts the viewer may see in the home feed come back — their own, or by
 * someone they follow now — so a timeline that lags an unfollow or a block never shows them.
 */
export async function freshRows(db: Queryable, viewerId: string | null, ids: string[], opts: { followedOnly: boolean }): Promise<Map<string, Fresh>> {
  if (ids.length === 0) return new Map()
  const list = await rows<{ id: string; t: string | number; like_count: number; comment_count: number; liked: boolean; author_id: string; username: string; display_name: string; avatar_key: string | null; is_private: boolean }>(
    db,
    sql`select p.id, (extract(epoch from p.created_at) * 1000)::bigint as t, p.like_count, p.comment_count, p.author_id,
          u.username, u.display_name, u.avatar_key, u.is_private,
          ${viewerId ? sql`exists (select 1 from likes l where l.post_id = p.id and l.user_id = ${viewerId})` : sql`false`} as liked
        from posts p join users u on u.id = p.author_id
        where p.id = any(${`{${ids.join(',')}}`}::uuid[]) ${opts.followedOnly && viewerId ? sql`and ${visibleInFeed(viewerId)}` : sql``}`,
  )
  return new Map(
    list.map((r) => [
      r.id,
      { id: r.id, t: Number(r.t), likeCount: r.like_count, commentCount: r.comment_count, liked: r.liked, authorId: r.author_id, username: r.username, displayName: r.display_name, avatarKey: r.avatar_key, isPrivate: r.is_private },
    ]),
  )
}

export function shapePost(core: PostCore, fresh: Fresh, urls: CoreDeps['urls']): Post {
  return {
    id: core.id,
    author: toSummary({ id: fresh.authorId, username: fresh.username, displayName: fresh.displayName, avatarKey: fresh.avatarKey }, urls),
    caption: core.caption,
    tags: core.tags,
    location: core.location,
    media: core.media.map((m) => toMedia(m, fresh.isPrivate, urls)),
    createdAt: new Date(fresh.t).toISOString(),
    likeCount: fresh.likeCount,
    commentCount: fresh.commentCount,
    viewerHasLiked: fresh.liked,
    commentsDisabled: core.commentsDisabled ?? false,
  }
}

/**
 * Posts by id, in the order given, in four queries however many there are. The caller has
 * already decided the viewer may see them.
 */
export async function hydratePosts(deps: Pick<CoreDeps, 'db' | 'urls'>, viewerId: string | null, ids: string[]): Promise<Post[]> {
  if (ids.length === 0) return []
  const [cores, fresh] = await Promise.all([loadPostCores(deps.db, ids), freshRows(deps.db, viewerId, ids, { followedOnly: false })])
  const shaped = ids.flatMap((id) => {
    const core = cores.get(id)
    const f = fresh.get(id)
    return core && f ? [shapePost(core, f, deps.urls)] : []
  })
  return withSavedState(deps.db, viewerId, shaped)
}
