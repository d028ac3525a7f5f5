import { and, eq, inArray, schema, type Queryable } from '@mosaic/db'

const { savedPosts } = schema

/**
 * Marks which of these posts the viewer saved, in one primary-key lookup for the page. Signed
 * out, posts carry no `viewerHasSaved` at all (there is nobody to have saved them).
 */
export async function withSavedState<P extends { id: string }>(db: Queryable, viewerId: string | null, list: P[]): Promise<(P & { viewerHasSaved?: boolean })[]> {
  if (!viewerId || list.length === 0) return list
  const saved = await db
    .select({ postId: savedPosts.postId })
    .from(savedPosts)
    .where(
      and(
        eq(savedPosts.userId, viewerId),
        inArray(
          savedPosts.postId,
          list.map((p) => p.id),
        ),
      ),
    )
  const ids = new Set(saved.map((s) => s.postId))
  return list.map((p) => ({ ...p, viewerHasSaved: ids.has(p.id) }))
}
