import { and, desc, eq, schema, sql, type Queryable } from '@mosaic/db'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError, notFound } from '../errors.ts'
import { decodeCursor, type Page, pageOf, pastCursor, timeIdCursor } from '../pagination/cursor.ts'
import { summaryColumns, toSummary, type UserSummary } from '../users/user.shape.ts'
import { spend } from './guard.ts'
import { canSeeContent, relationBetween } from '../access/relation.ts'
import { noBlockWithViewer } from '../access/visibility.ts'
import { suggestionsChanged } from '../suggestions/refresh.ts'

const { users, follows, blocks } = schema

type Deps = Pick<CoreDeps, 'db' | 'urls' | 'queue' | 'limiter' | 'abuseLimits' | 'timelines' | 'suggestionConfig'>

/**
 * Timelines follow the graph: a new edge is backfilled off the request path, but a removed one
 * (unfollow, block, removal) is purged before the request answers, so the feed never shows an
 * account one no longer follows. If that fails, the job queue retries it.
 */
async function edgeRemoved(deps: Deps, followerId: string, followeeId: string) {
  const data = { followerId, followeeId, following: false }
  try {
    if (deps.timelines) return await deps.timelines.jobs['feed.followChanged'](data)
  } catch {
    /* queued below */
  }
  await deps.queue.enqueue('feed.followChanged', data)
}

/** The other account, by name, as seen by the viewer: blocked-by is indistinguishable from missing. */
async function target(deps: Pick<CoreDeps, 'db'>, viewer: Viewer, username: string) {
  const [row] = await deps.db.select({ id: users.id, isPrivate: users.isPrivate }).from(users).where(eq(users.username, username))
  if (!row) throw notFound('That account')
  const rel = await relationBetween(deps.db, viewer.id, row.id)
  if (rel.blockedBy) throw notFound('That account')
  return { ...row, rel }
}

/** Moves both counters of one accepted edge by `delta`, in the caller's transaction. */
export async function countEdge(tx: Queryable, followerId: string, followeeId: string, delta: 1 | -1) {
  const following = () => tx.update(users).set({ followingCount: sql`${users.followingCount} + ${delta}` }).where(eq(users.id, followerId))
  const followers = () => tx.update(users).set({ followerCount: sql`${users.followerCount} + ${delta}` }).where(eq(users.id, followeeId))
  // Rows are locked in id order: A following B while B follows A would otherwise take the same two
  // row locks in opposite orders and deadlock.
  for (const update of followerId < followeeId ? [following, followers] : [followers, following]) await update()
}

/** Deletes one edge if it exists, keeping counters exact; returns the state it had. */
export async function dropEdge(tx: Queryable, followerId: string, followeeId: string, only?: 'pending' | 'accepted') {
  const [gone] = await tx
    .delete(follows)
    .where(and(eq(follows.followerId, followerId), eq(follows.followeeId, followeeId), only ? eq(follows.state, only) : undefined))
    .returning({ state: follows.state })
  if (gone?.state === 'accepted') await countEdge(tx, followerId, followeeId, -1)
  return gone?.state ?? null
}

export async function follow(deps: Deps, viewer: Viewer, username: string): Promise<{ state: 'following' | 'requested' }> {
  const other = await target(deps, viewer, username)
  if (other.rel.self) throw new DomainError('BAD_REQUEST', "You can't follow yourself")
  if (other.rel.blocking) throw new DomainError('FORBIDDEN', 'Unblock this account to follow it')
  if (other.rel.follow !== 'none') return { state: other.rel.follow }
  await spend(deps, viewer, 'follow')
  const state = other.isPrivate ? 'pending' : 'accepted'
  const inserted = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(follows)
      .values({ followerId: viewer.id, followeeId: other.id, state, acceptedAt: state === 'accepted' ? new Date() : null })
      .onConflictDoNothing()
      .returning({ state: follows.state })
    if (row?.state === 'accepted') await countEdge(tx, viewer.id, other.id, 1)
    return row
  })
  if (inserted) {
    await deps.queue.enqueue('notify', { type: state === 'accepted' ? 'follow' : 'follow_request', recipientId: other.id, actorId: viewer.id })
    if (state === 'accepted') await deps.queue.enqueue('feed.followChanged', { followerId: viewer.id, followeeId: other.id, following: true })
    await suggestionsChanged(deps, viewer.id)
  }
  // A concurrent identical call may have won the insert: answer with what is there now.
  const rel = await relationBetween(deps.db, viewer.id, other.id)
  return { state: rel.follow === 'following' ? 'following' : 'requested' }
}

export async function unfollow(deps: Deps, viewer: Viewer, username: string): Promise<{ state: 'none' }> {
  const other = await target(deps, viewer, username)
  const was = await deps.db.transaction((tx) => dropEdge(tx, viewer.id, other.id))
  if (was === 'accepted') await edgeRemoved(deps, viewer.id, other.id)
  if (was) await suggestionsChanged(deps, viewer.id)
  return { state: 'none' }
}

export async function approveFollow(deps: Deps, viewer: Viewer, username: string): Promise<void> {
  const other = await target(deps, viewer, username)
  const approved = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(follows)
      .set({ state: 'accepted', acceptedAt: new Date() })
      .where(and(eq(follows.followerId, other.id), eq(follows.followeeId, viewer.id), eq(follows.state, 'pending')))
      .returning({ followerId: follows.followerId })
    if (row) await countEdge(tx, other.id, viewer.id, 1)
    return row
  })
  if (!approved) throw new DomainError('NOT_FOUND', 'There is no request from that account')
  await deps.queue.enqueue('notify', { type: 'follow_accepted', recipientId: other.id, actorId: viewer.id })
  await deps.queue.enqueue('feed.followChanged', { followerId: other.id, followeeId: viewer.id, following: true })
  await suggestionsChanged(deps, other.id)
}

export async function denyFollow(deps: Deps, viewer: Viewer, username: string): Promise<void> {
  const other = await target(deps, viewer, username)
  const was = await deps.db.transaction((tx) => dropEdge(tx, other.id, viewer.id, 'pending'))
  if (!was) throw new DomainError('NOT_FOUND', 'There is no request from that account')
  await suggestionsChanged(deps, other.id)
}

export async function removeFollower(deps: Deps, viewer: Viewer, username: string): Promise<void> {
  const other = await target(deps, viewer, username)
  const was = await deps.db.transaction((tx) => dropEdge(tx, other.id, viewer.id, 'accepted'))
  if (!was) throw new DomainError('NOT_FOUND', 'That account does not follow you')
  await edgeRemoved(deps, other.id, viewer.id)
  await suggestionsChanged(deps, other.id)
}

export async function block(deps: Deps, viewer: Viewer, username: string): Promise<void> {
  const other = await target(deps, viewer, username)
  if (other.rel.self) throw new DomainError('BAD_REQUEST', "You can't block yourself")
  const dropped = await deps.db.transaction(async (tx) => {
    await tx.insert(blocks).values({ blockerId: viewer.id, blockedId: other.id }).onConflictDoNothing()
    // A block removes both follow edges and any pending requests, in the same transaction.
    return [await dropEdge(tx, viewer.id, other.id), await dropEdge(tx, other.id, viewer.id)] as const
  })
  if (dropped[0] === 'accepted') await edgeRemoved(deps, viewer.id, other.id)
  if (dropped[1] === 'accepted') await edgeRemoved(deps, other.id, viewer.id)
  await suggestionsChanged(deps, viewer.id)
  if (dropped[1]) await suggestionsChanged(deps, other.id)
}

export async function unblock(deps: Deps, viewer: Viewer, username: string): Promise<void> {
  const [row] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, username))
  if (!row) throw notFound('That account')
  const gone = await deps.db.delete(blocks).where(and(eq(blocks.blockerId, viewer.id), eq(blocks.blockedId, row.id))).returning({ id: blocks.blockedId })
  if (gone.length > 0) await suggestionsChanged(deps, viewer.id)
}

type ListInput = { cursor?: string | null | undefined; limit: number }

async function edgePage(
  deps: Pick<CoreDeps, 'db' | 'urls'>,
  viewerId: string | null,
  side: 'followers' | 'following' | 'requests',
  ownerId: string,
  input: ListInput,
): Promise<Page<UserSummary>> {
  const after = decodeCursor(input.cursor, timeIdCursor)
  const listed = side === 'following' ? follows.followeeId : follows.followerId
  const anchor = side === 'following' ? follows.followerId : follows.followeeId
  const rows = await deps.db
    .select({ ...summaryColumns, at: follows.createdAt })
    .from(follows)
    .innerJoin(users, eq(users.id, listed))
    .where(
      and(
        eq(anchor, ownerId),
        eq(follows.state, side === 'requests' ? 'pending' : 'accepted'),
        noBlockWithViewer(viewerId, users.id),
        pastCursor(follows.createdAt, listed, after),
      ),
    )
    .orderBy(desc(follows.createdAt), desc(listed))
    .limit(input.limit + 1)
  return pageOf(rows, input.limit, (r) => [r.at.toISOString(), r.id], (r) => r.map((x) => toSummary(x, deps.urls)))
}

export async function followRequests(deps: Pick<CoreDeps, 'db' | 'urls'>, viewer: Viewer, input: ListInput) {
  return edgePage(deps, viewer.id, 'requests', viewer.id, input)
}

/** Followers or following of an account: hidden from non-followers of a private one, newest first. */
export async function listEdges(
  deps: Pick<CoreDeps, 'db' | 'urls'>,
  viewer: Viewer | null,
  side: 'followers' | 'following',
  input: ListInput & { username: string },
) {
  const [owner] = await deps.db.select({ id: users.id, isPrivate: users.isPrivate }).from(users).where(eq(users.username, input.username))
  if (!owner) throw notFound('That account')
  const rel = await relationBetween(deps.db, viewer?.id ?? null, owner.id)
  if (rel.blockedBy || rel.blocking) throw notFound('That account')
  if (!canSeeContent(rel, owner)) throw new DomainError('FORBIDDEN', 'This account is private')
  return edgePage(deps, viewer?.id ?? null, side, owner.id, input)
}
