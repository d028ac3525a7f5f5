import { schema, sql, type SQL, type SQLWrapper } from '@mosaic/db'

const { users, follows, blocks } = schema

/** SQL: no block stands between the two accounts, whichever blocked whom. */
export function noBlockBetween(a: string | SQLWrapper, b: SQLWrapper): SQL {
  return sql`not exists (select 1 from ${blocks} b where (b.blocker_id = ${a} and b.blocked_id = ${b}) or (b.blocker_id = ${b} and b.blocked_id = ${a}))`
}

/** The same, or no condition at all for an anonymous viewer. */
export const noBlockWithViewer = (viewerId: string | null, other: SQLWrapper) => (viewerId ? noBlockBetween(viewerId, other) : undefined)

/**
 * SQL: may this viewer see content by `authorId`? Public authors unless a block stands between
 * them; private authors only for themselves and their approved followers. The viewer may be a
 * column too (who may see this post, among these people?).
 */
export function authorVisibleTo(viewerId: string | SQLWrapper | null, authorId: SQLWrapper): SQL {
  if (!viewerId) return sql`not exists (select 1 from ${users} u where u.id = ${authorId} and u.is_private)`
  return sql`(${authorId} = ${viewerId} or (
    ${noBlockBetween(viewerId, authorId)}
    and (
      not exists (select 1 from ${users} u where u.id = ${authorId} and u.is_private)
      or exists (select 1 from ${follows} f where f.follower_id = ${viewerId} and f.followee_id = ${authorId} and f.state = 'accepted')
    )))`
}

/**
 * SQL: is this post published for this viewer? A post whose media are still processing (or
 * failed) is its author's alone until it is published (`posts.ready`, see posts/publish.ts).
 */
export function publishedFor(viewerId: string | SQLWrapper | null, post: { authorId: SQLWrapper; ready: SQLWrapper }): SQL {
  if (!viewerId) return sql`${post.ready}`
  return sql`(${post.ready} or ${post.authorId} = ${viewerId})`
}

/** The post may be shown to this viewer: published (or theirs) and by an author they may see. */
export function postVisibleTo(viewerId: string | SQLWrapper | null, post: { authorId: SQLWrapper; ready: SQLWrapper }): SQL {
  return sql`(${publishedFor(viewerId, post)} and ${authorVisibleTo(viewerId, post.authorId)})`
}
