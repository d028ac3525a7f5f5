import { schema, sql } from '@mosaic/db'
import type { CoreDeps } from '../deps.ts'
import { avatarReference } from '../users/avatar.keys.ts'

const { media, postMedia, posts, users } = schema

const SHA_IN_KEY = /^(?:(?:variants|avatars)\/[0-9a-f]{2}\/[0-9a-f]{2}\/|video\/)([0-9a-f]{64})/

/**
 * May this blob be served without a signature? Yes when its content appears in a post of a
 * public account or is someone's avatar; a video's transcode (`video/`) and poster (`variants/`)
 * go by the video's content hash, as a photo's sizes do. Uploads as received never are. Decided at request time, so
 * an account that turns private stops serving its unsigned URLs at once.
 */
export async function isPublicMediaKey(deps: Pick<CoreDeps, 'db'>, key: string): Promise<boolean> {
  const sha = SHA_IN_KEY.exec(key)?.[1]
  if (!sha) return false
  if (key.startsWith('avatars/')) {
    // Any size of someone's current avatar, whoever they are: avatars are public, also for private accounts.
    const reference = avatarReference(key)
    if (!reference) return false
    const rows = await deps.db.select({ id: users.id }).from(users).where(sql`${users.avatarKey} = ${reference}`).limit(1)
    return rows.length > 0
  }
  const rows = await deps.db
    .select({ one: sql<number>`1` })
    .from(media)
    .innerJoin(postMedia, sql`${postMedia.mediaId} = ${media.id}`)
    .innerJoin(posts, sql`${posts.id} = ${postMedia.postId}`)
    .innerJoin(users, sql`${users.id} = ${posts.authorId}`)
    .where(sql`${media.sha256} = ${sha} and not ${users.isPrivate}`)
    .limit(1)
  return rows.length > 0
}
