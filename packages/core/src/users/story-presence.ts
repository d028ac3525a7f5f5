import { and, gt, inArray, schema, type Queryable } from '@mosaic/db'

const { stories } = schema

/**
 * Which of these accounts have a live story at `now`. Read at request time with the caller's
 * clock, never cached, so a ring appears with a new story and goes when the last one is deleted
 * or expires. The caller has decided the viewer may see these accounts' stories.
 */
export async function liveStoryAuthors(db: Queryable, authorIds: string[], now: Date): Promise<Set<string>> {
  if (authorIds.length === 0) return new Set()
  const rows = await db
    .selectDistinct({ authorId: stories.authorId })
    .from(stories)
    .where(and(inArray(stories.authorId, [...new Set(authorIds)]), gt(stories.expiresAt, now)))
  return new Set(rows.map((r) => r.authorId))
}
