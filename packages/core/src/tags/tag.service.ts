import { and, desc, eq, inArray, schema, sql, type SQL } from '@mosaic/db'
import { z } from 'zod'
import type { CoreDeps, Viewer } from '../deps.ts'
import { notFound } from '../errors.ts'
import { decodeCursor, encodeCursor, type Page, pageOf, pastCursor, timeIdCursor } from '../pagination/cursor.ts'
import { snapshotPage } from '../pagination/snapshot-page.ts'
import type { RankSnapshots } from '../ports.ts'
import { hydratePosts, type Post } from '../posts/post.shape.ts'
import { postVisibleTo } from '../access/visibility.ts'

const { posts, postTags, tags } = schema

/**
 * Engagement decayed by age (hours) at `at`, the same shape as the home feed's ranking (feed/ranking.ts):
 * a post needs proportionally more likes to stay on top as it ages. Explore ranks by it too.
 */
export const topScoreSql = (at: SQL) =>
  // float8, not numeric: numeric power() costs more than the rest of the query.
  sql`(${posts.likeCount} + 2 * ${posts.commentCount} + 1) / power(greatest(extract(epoch from (${at} - ${posts.createdAt}))::float8, 0) / 3600 + 2, 1.5)`
const score = topScoreSql(sql`now()`)
const TOP_CANDIDATES = 500

type Input = { tag: string; cursor?: string | null | undefined; limit: number; mode: 'top' | 'latest' }

export async function tagPosts(deps: Pick<CoreDeps, 'db' | 'urls'> & { snapshots: RankSnapshots }, viewer: Viewer | null, input: Input): Promise<Page<Post>> {
  const [tag] = await deps.db.select({ id: tags.id }).from(tags).where(eq(tags.name, input.tag))
  if (!tag) return { items: [], nextCursor: null }
  const visible = postVisibleTo(viewer?.id ?? null, posts)
  const viewerId = viewer?.id ?? null

  if (input.mode === 'latest') {
    const after = decodeCursor(input.cursor, timeIdCursor)
    const rows = await deps.db
      .select({ id: postTags.postId, createdAt: postTags.createdAt })
      .from(postTags)
      .innerJoin(posts, eq(posts.id, postTags.postId))
      .where(
        and(
          eq(postTags.tagId, tag.id),
          visible,
          pastCursor(postTags.createdAt, postTags.postId, after),
        ),
      )
      .orderBy(desc(postTags.createdAt), desc(postTags.postId))
      .limit(input.limit + 1)
    const page = pageOf(rows, input.limit, (r) => [r.createdAt.toISOString(), r.id], (r) => r.map((x) => x.id))
    return { items: await hydratePosts(deps, viewerId, page.items), nextCursor: page.nextCursor }
  }

  const at = decodeCursor(input.cursor, z.tuple([z.string().min(1).max(32), z.number().int().min(0)]))
  const page = await snapshotPage(deps.snapshots, at ? { snapshotId: at[0], offset: at[1] } : null, input.limit, async () => {
    const rows = await deps.db
      .select({ id: posts.id })
      .from(postTags)
      .innerJoin(posts, eq(posts.id, postTags.postId))
      .where(and(eq(postTags.tagId, tag.id), visible))
      .orderBy(desc(score), desc(posts.id))
      .limit(TOP_CANDIDATES)
    return rows.map((r) => r.id)
  })
  const slice = page.ids
  // Re-check visibility at read time: a post deleted or hidden since the snapshot is skipped.
  const stillVisible = slice.length
    ? new Set((await deps.db.select({ id: posts.id }).from(posts).where(and(inArray(posts.id, slice), visible))).map((r) => r.id))
    : new Set<string>()
  const items = await hydratePosts(deps, viewerId, slice.filter((id) => stillVisible.has(id)))
  return { items, nextCursor: page.next ? encodeCursor([page.next.snapshotId, page.next.offset]) : null }
}

/**
 * A tag page's header. The count is every post carrying the tag, private ones included (a number,
 * never which posts): counting what each viewer may see would read every post of a popular tag.
 */
export async function tagSummary(deps: Pick<CoreDeps, 'db'>, tag: string): Promise<{ tag: string; posts: number }> {
  const [row] = await deps.db.select({ name: tags.name, posts: tags.postCount }).from(tags).where(eq(tags.name, tag))
  if (!row || row.posts === 0) throw notFound('That tag')
  return { tag: row.name, posts: row.posts }
}
