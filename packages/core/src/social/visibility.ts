import { schema, sql, type SQL, type SQLWrapper } from '@mosaic/db'

const { users, follows, blocks } = schema

/**
 * SQL: may this viewer see content by `authorId`? Public authors unless a block stands between
 * them; private authors only for themselves and their approved followers.
 */
export function authorVisibleTo(viewerId: string | null, authorId: SQLWrapper): SQL {
  if (!viewerId) return sql`not exists (select 1 from ${users} u where u.id = ${authorId} and u.is_private)`
  return sql`(${authorId} = ${viewerId} or (
    not exists (select 1 from ${blocks} b where (b.blocker_id = ${viewerId} and b.blocked_id = ${authorId}) or (b.blocker_id = ${authorId} and b.blocked_id = ${viewerId}))
    and (
      not exists (select 1 from ${users} u where u.id = ${authorId} and u.is_private)
      or exists (select 1 from ${follows} f where f.follower_id = ${viewerId} and f.followee_id = ${authorId} and f.state = 'accepted')
    )))`
}
