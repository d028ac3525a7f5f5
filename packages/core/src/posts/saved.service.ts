import { and, desc, eq, schema } from '@mosaic/db'
import { postVisibleTo } from '../access/visibility.ts'
import type { CoreDeps, Viewer } from '../deps.ts'
import { notFound } from '../errors.ts'
import { decodeCursor, pageOf, pastCursor, timeIdCursor, type Page } from '../pagination/cursor.ts'
import { hydratePosts, type Post } from './post.shape.ts'

const { posts, savedPosts } = schema

/** The post if this viewer may see it now; NOT_FOUND otherwise, as for a post that does not exist. */
async function visibleId(deps: Pick<CoreDeps, 'db'>, viewer: Viewer, postId: string): Promise<string> {
  const [row] = await deps.db
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.id, postId), postVisibleTo(viewer.id, posts)))
  if (!row) throw notFound('That post')
  return row.id
}

/** Idempotent: saving twice keeps the first save (and its place in the list). */
export async function savePost(deps: Pick<CoreDeps, 'db' | 'hot'>, viewer: Viewer, postId: string): Promise<void> {
  const id = await visibleId(deps, viewer, postId)
  await deps.db.insert(savedPosts).values({ userId: viewer.id, postId: id }).onConflictDoNothing()
  await deps.hot?.savedChanged(viewer.id, id, true)
}

/** Idempotent. A post the viewer can no longer see is NOT_FOUND here too (its save is never listed anyway). */
export async function unsavePost(deps: Pick<CoreDeps, 'db' | 'hot'>, viewer: Viewer, postId: string): Promise<void> {
  const id = await visibleId(deps, viewer, postId)
  await deps.db.delete(savedPosts).where(and(eq(savedPosts.userId, viewer.id), eq(savedPosts.postId, id)))
  await deps.hot?.savedChanged(viewer.id, id, false)
}

/**
 * The viewer's saved posts, newest saved first, keyed on (saved at, post id): saving more while
 * paging only adds ahead of the cursor, so pages never repeat or skip. A saved post the viewer
 * can no longer see (its author went private or a block came between them) is left out; a
 * deleted one is gone with its row.
 */
export async function savedPostsOf(
  deps: Pick<CoreDeps, 'db' | 'urls'>,
  viewer: Viewer,
  input: { cursor?: string | null | undefined; limit: number },
): Promise<Page<Post>> {
  const after = decodeCursor(input.cursor, timeIdCursor)
  const rows = await deps.db
    .select({ id: savedPosts.postId, savedAt: savedPosts.createdAt })
    .from(savedPosts)
    .innerJoin(posts, eq(posts.id, savedPosts.postId))
    .where(and(eq(savedPosts.userId, viewer.id), postVisibleTo(viewer.id, posts), pastCursor(savedPosts.createdAt, savedPosts.postId, after)))
    .orderBy(desc(savedPosts.createdAt), desc(savedPosts.postId))
    .limit(input.limit + 1)
  const page = pageOf(rows, input.limit, (r) => [r.savedAt.toISOString(), r.id], (r) => r.map((x) => x.id))
  return { items: await hydratePosts(deps, viewer.id, page.items), nextCursor: page.nextCursor }
}
