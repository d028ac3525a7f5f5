import { desc, eq, schema } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError } from '../errors.ts'
import { visiblePost } from '../engagement/like.service.ts'
import { decodeCursor, type Page, pageOf, pastCursor, timeIdCursor } from '../pagination/cursor.ts'
import { hydratePosts, type Post } from '../posts/post.shape.ts'
import { summaryColumns, toSummary, type UserSummary } from '../users/user.shape.ts'
import { requireAdmin } from './admin.service.ts'

const { reports, users } = schema

export type Report = { id: string; post: Post; reporter: UserSummary; reason: string; createdAt: string }

/**
 * Reports a post the viewer can see (NOT_FOUND otherwise, as for a post that does not exist). One
 * report per person and post: reporting it again answers ok and changes nothing.
 */
export async function reportPost(deps: Pick<CoreDeps, 'db'>, viewer: Viewer, input: { id: string; reason: string }): Promise<void> {
  const post = await visiblePost(deps, viewer, input.id)
  if (post.authorId === viewer.id) throw new DomainError('BAD_REQUEST', 'You cannot report your own post')
  await deps.db.insert(reports).values({ postId: post.id, reporterId: viewer.id, reason: input.reason }).onConflictDoNothing()
}

/** Every report, newest first, with the post as it is now (whoever may see it) and who reported it. Admins only. */
export async function listReports(
  deps: Pick<CoreDeps, 'db' | 'urls'>,
  viewer: Viewer,
  input: { cursor?: string | null | undefined; limit: number },
): Promise<Page<Report>> {
  await requireAdmin(deps, viewer)
  const after = decodeCursor(input.cursor, timeIdCursor)
  const rows = await deps.db
    .select({ id: reports.id, postId: reports.postId, reason: reports.reason, createdAt: reports.createdAt, reporter: summaryColumns })
    .from(reports)
    .innerJoin(users, eq(users.id, reports.reporterId))
    .where(pastCursor(reports.createdAt, reports.id, after))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(input.limit + 1)
  const page = pageOf(rows, input.limit, (r) => [r.createdAt.toISOString(), r.id], (r) => r)
  const posts = new Map((await hydratePosts(deps, viewer.id, [...new Set(page.items.map((r) => r.postId))])).map((p) => [p.id, p]))
  return {
    items: page.items.flatMap((r) => {
      const post = posts.get(r.postId)
      return post ? [{ id: r.id, post, reporter: toSummary(r.reporter, deps.urls), reason: r.reason, createdAt: r.createdAt.toISOString() }] : []
    }),
    nextCursor: page.nextCursor,
  }
}
