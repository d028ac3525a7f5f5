import { rows, sql } from '@mosaic/db'
import { noBlockBetween } from '../access/visibility.ts'
import type { CoreDeps, Viewer } from '../deps.ts'
import { toSummary, type UserSummary } from '../users/user.shape.ts'
import { prefixRange, userQuery } from './query.ts'
import { searchUsers } from './users.service.ts'

type Row = { id: string; username: string; display_name: string; avatar_key: string | null }

/**
 * People to @mention as the viewer types `@ab`: those they follow whose username or name starts
 * with it first (alphabetically), then everyone else search.users finds. Nobody in a block with the
 * viewer, and never the viewer themself.
 */
export async function mentionCandidates(deps: Pick<CoreDeps, 'db' | 'urls'>, viewer: Viewer, input: { q: string; limit: number }): Promise<UserSummary[]> {
  const q = userQuery(input.q)
  if (!q) return []
  const { lo, hi } = prefixRange(q)
  const [followed, others] = await Promise.all([
    rows<Row>(
      deps.db,
      sql`select u.id, u.username, u.display_name, u.avatar_key
          from follows f join users u on u.id = f.followee_id
          where f.follower_id = ${viewer.id} and f.state = 'accepted'
            and ((u.username ~>=~ ${lo} and u.username ~<~ ${hi}) or (lower(u.display_name) ~>=~ ${lo} and lower(u.display_name) ~<~ ${hi}))
            and ${noBlockBetween(viewer.id, sql`u.id`)}
          order by u.username limit ${input.limit}`,
    ),
    searchUsers(deps, viewer, { q, limit: input.limit + 1 }),
  ])
  const first = followed.map((r) => toSummary({ id: r.id, username: r.username, displayName: r.display_name, avatarKey: r.avatar_key }, deps.urls))
  const seen = new Set([viewer.id, ...first.map((u) => u.id)])
  return [...first, ...others.filter((u) => !seen.has(u.id))].slice(0, input.limit)
}
