import { and, desc, eq, schema } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { decodeCursor, type Page, pageOf, pastCursor, timeIdCursor } from '../pagination/cursor.ts'
import { summaryColumns, toSummary, type UserSummary } from '../users/user.shape.ts'

const { users, blocks } = schema

/** The accounts the viewer blocks, the latest block first (only ever one's own list). */
export async function blockedAccounts(deps: Pick<CoreDeps, 'db' | 'urls'>, viewer: Viewer, input: { cursor?: string | null | undefined; limit: number }): Promise<Page<UserSummary>> {
  const after = decodeCursor(input.cursor, timeIdCursor)
  const rows = await deps.db
    .select({ ...summaryColumns, at: blocks.createdAt })
    .from(blocks)
    .innerJoin(users, eq(users.id, blocks.blockedId))
    .where(and(eq(blocks.blockerId, viewer.id), pastCursor(blocks.createdAt, blocks.blockedId, after)))
    .orderBy(desc(blocks.createdAt), desc(blocks.blockedId))
    .limit(input.limit + 1)
  return pageOf(rows, input.limit, (r) => [r.at.toISOString(), r.id], (r) => r.map((x) => toSummary(x, deps.urls)))
}
