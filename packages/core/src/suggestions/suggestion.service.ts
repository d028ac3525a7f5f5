import { rows, sql } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { toSummary, type UserSummary } from '../users/user.shape.ts'
import { noBlockBetween } from '../access/visibility.ts'

export type Suggestion = UserSummary & { reason: string }

type Row = { id: string; username: string; display_name: string; avatar_key: string | null; mutual: number; via: string | null }

/**
 * Who to follow: people followed by the people you follow (most shared first), then the most
 * followed accounts, never yourself, anyone you follow or asked to, or anyone in a block with you.
 */
export async function suggestions(deps: Pick<CoreDeps, 'db' | 'urls'>, viewer: Viewer, limit: number): Promise<Suggestion[]> {
  const eligible = sql`u.id <> ${viewer.id}
    and not exists (select 1 from follows f3 where f3.follower_id = ${viewer.id} and f3.followee_id = u.id)
    and ${noBlockBetween(viewer.id, sql`u.id`)}`
  const friends = await rows<Row>(
    deps.db,
    sql`select u.id, u.username, u.display_name, u.avatar_key, count(*)::int as mutual, min(mid.username) as via
        from follows f1
        join follows f2 on f2.follower_id = f1.followee_id and f2.state = 'accepted'
        join users u on u.id = f2.followee_id
        join users mid on mid.id = f1.followee_id
        where f1.follower_id = ${viewer.id} and f1.state = 'accepted' and ${eligible}
        group by u.id
        order by mutual desc, u.follower_count desc
        limit ${limit}`,
  )
  const popular =
    friends.length < limit
      ? await rows<Row>(
          deps.db,
          sql`select u.id, u.username, u.display_name, u.avatar_key, 0 as mutual, null as via from users u
              where ${eligible} and u.follower_count > 0
              order by u.follower_count desc, u.id limit ${limit}`,
        )
      : []
  const seen = new Set<string>()
  return [...friends, ...popular]
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .slice(0, limit)
    .map((r) => ({
      ...toSummary({ id: r.id, username: r.username, displayName: r.display_name, avatarKey: r.avatar_key }, deps.urls),
      reason: r.via ? (r.mutual > 1 ? `Followed by ${r.via} and ${r.mutual - 1} more` : `Followed by ${r.via}`) : 'Popular on Mosaic',
    }))
}
