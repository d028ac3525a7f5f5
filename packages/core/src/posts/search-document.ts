import { sql, type Queryable } from '@mosaic/db'

/**
 * Rewrites a post's full-text document (search.posts) from what it holds now: caption, tags,
 * location name and alt texts, through `post_search_document` (migration 0003_search), the one
 * definition of how a document is made. Run it in the transaction that changed any of them.
 */
export async function refreshSearchDocument(db: Queryable, postId: string): Promise<void> {
  await db.execute(sql`update posts p set search = post_search_document(
      p.caption,
      (select string_agg(t.name, ' ') from post_tags pt join tags t on t.id = pt.tag_id where pt.post_id = p.id),
      p.location_name,
      (select string_agg(pm.alt, ' ') from post_media pm where pm.post_id = p.id))
    where p.id = ${postId}`)
}
