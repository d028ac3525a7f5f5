import { and, gt, inArray, schema, sql, type Queryable } from '@mosaic/db'

const { media, stories } = schema

/**
 * Which of these accounts have a live story at `now`. Read at request time with the caller's
 * clock, never cached, so a ring appears with a new story and goes when the last one is deleted
 * or expires. The caller has decided the viewer may see these accounts' stories. A story whose clip
 * is still being transcoded rings for no one yet.
 */
export async function liveStoryAuthors(db: Queryable, authorIds: string[], now: Date): Promise<Set<string>> {
  if (authorIds.length === 0) return new Set()
  const rows = await db
    .selectDistinct({ authorId: stories.authorId })
    .from(stories)
    .where(
      and(
        inArray(stories.authorId, [...new Set(authorIds)]),
        gt(stories.expiresAt, now),
        sql`exists (select 1 from ${media} m where m.id = ${stories.mediaId} and m.state = 'ready')`,
      ),
    )
  return new Set(rows.map((r) => r.authorId))
}
