import { asc, eq, inArray, schema, type Queryable } from '@mosaic/db'

const { users, posts, postMedia, media, postTags, tags, comments, follows, likes } = schema

/** One photo of a post as the zip holds it: `file` is its path inside the zip (videos have none). */
export type ExportedMedia = { position: number; kind: 'image' | 'video'; alt: string | null; width: number; height: number; file: string | null; originalKey: string }

/** The JSON of "Download my data" (data.json in the zip). */
export type ExportData = {
  format: 'mosaic-export/1'
  exportedAt: string
  account: { username: string; email: string; displayName: string; bio: string; isPrivate: boolean; createdAt: string }
  posts: {
    id: string
    createdAt: string
    caption: string
    tags: string[]
    location: { name: string; lat: number | null; lng: number | null } | null
    likeCount: number
    commentCount: number
    media: Omit<ExportedMedia, 'originalKey'>[]
  }[]
  comments: { id: string; postId: string; postAuthor: string; text: string; createdAt: string }[]
  following: { username: string; state: 'pending' | 'accepted'; since: string }[]
  followers: { username: string; since: string }[]
  likes: { postId: string; postAuthor: string; createdAt: string }[]
}

/** Everything the JSON says about one account, and the stored originals its photos come from. */
export async function collectExport(db: Queryable, userId: string, now: Date): Promise<{ data: ExportData; photos: ExportedMedia[] } | null> {
  const [account] = await db
    .select({ username: users.username, email: users.email, displayName: users.displayName, bio: users.bio, isPrivate: users.isPrivate, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId))
  if (!account) return null
  const own = await db
    .select({ id: posts.id, createdAt: posts.createdAt, caption: posts.caption, locationName: posts.locationName, lat: posts.locationLat, lng: posts.locationLng, likeCount: posts.likeCount, commentCount: posts.commentCount })
    .from(posts)
    .where(eq(posts.authorId, userId))
    .orderBy(asc(posts.createdAt), asc(posts.id))
  const ids = own.map((p) => p.id)
  const mediaRows = ids.length
    ? await db
        .select({ postId: postMedia.postId, position: postMedia.position, alt: postMedia.alt, kind: media.kind, width: media.width, height: media.height, originalKey: media.originalKey })
        .from(postMedia)
        .innerJoin(media, eq(media.id, postMedia.mediaId))
        .where(inArray(postMedia.postId, ids))
        .orderBy(asc(postMedia.postId), asc(postMedia.position))
    : []
  const tagRows = ids.length ? await db.select({ postId: postTags.postId, name: tags.name }).from(postTags).innerJoin(tags, eq(tags.id, postTags.tagId)).where(inArray(postTags.postId, ids)) : []
  const authorOf = { author: users.username }
  const commentRows = await db
    .select({ id: comments.id, postId: comments.postId, text: comments.text, createdAt: comments.createdAt, ...authorOf })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(eq(comments.authorId, userId))
    .orderBy(asc(comments.createdAt), asc(comments.id))
  const following = await db
    .select({ username: users.username, state: follows.state, since: follows.createdAt })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.followeeId))
    .where(eq(follows.followerId, userId))
    .orderBy(asc(follows.createdAt))
  const followers = await db
    .select({ username: users.username, state: follows.state, since: follows.createdAt })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.followerId))
    .where(eq(follows.followeeId, userId))
    .orderBy(asc(follows.createdAt))
  const likeRows = await db
    .select({ postId: likes.postId, createdAt: likes.createdAt, ...authorOf })
    .from(likes)
    .innerJoin(posts, eq(posts.id, likes.postId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(eq(likes.userId, userId))
    .orderBy(asc(likes.createdAt))

  const photos: ExportedMedia[] = mediaRows.map((m) => ({
    position: m.position,
    kind: m.kind,
    alt: m.alt,
    width: m.width,
    height: m.height,
    // Videos: the zip holds photos only (a transcode's container metadata is not ours to vouch for).
    file: m.kind === 'image' ? `photos/${m.postId}-${m.position + 1}.jpg` : null,
    originalKey: m.originalKey,
  }))
  const byPost = new Map<string, ExportedMedia[]>()
  mediaRows.forEach((m, i) => byPost.set(m.postId, [...(byPost.get(m.postId) ?? []), photos[i]!]))
  const data: ExportData = {
    format: 'mosaic-export/1',
    exportedAt: now.toISOString(),
    account: { ...account, createdAt: account.createdAt.toISOString() },
    posts: own.map((p) => ({
      id: p.id,
      createdAt: p.createdAt.toISOString(),
      caption: p.caption,
      tags: tagRows.filter((t) => t.postId === p.id).map((t) => t.name).sort(),
      location: p.locationName ? { name: p.locationName, lat: p.lat, lng: p.lng } : null,
      likeCount: p.likeCount,
      commentCount: p.commentCount,
      media: (byPost.get(p.id) ?? []).map(({ originalKey: _key, ...m }) => m),
    })),
    comments: commentRows.map((c) => ({ id: c.id, postId: c.postId, postAuthor: c.author, text: c.text, createdAt: c.createdAt.toISOString() })),
    following: following.map((f) => ({ username: f.username, state: f.state, since: f.since.toISOString() })),
    followers: followers.filter((f) => f.state === 'accepted').map((f) => ({ username: f.username, since: f.since.toISOString() })),
    likes: likeRows.map((l) => ({ postId: l.postId, postAuthor: l.author, createdAt: l.createdAt.toISOString() })),
  }
  return { data, photos: photos.filter((p) => p.file !== null) }
}
