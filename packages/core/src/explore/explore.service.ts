import { rows, sql, type Queryable } from '@mosaic/db'
import { z } from 'zod'
import { noBlockBetween } from '../access/visibility.ts'
import type { CoreDeps, Viewer } from '../deps.ts'
import { coalesce } from '../limits/coalesce.ts'
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor.ts'
import { snapshotPage, type SnapshotPage } from '../pagination/snapshot-page.ts'
import { hydratePosts, type Post } from '../posts/post.shape.ts'
import type { ExploreCandidate, ExploreSet } from '../types.ts'
import { arrangePages, byScore, followedLikersBoost } from './explore.arrange.ts'
import { EXPLORE_WINDOW_DAYS, refreshExplore } from './explore.refresh.ts'

export type ExploreDeps = Pick<CoreDeps, 'db' | 'urls' | 'snapshots' | 'exploreSet' | 'discovery' | 'clock'>

// ['x', snapshot, offset, page size]: later pages keep the first page's size, which the per-author
// cap was laid out for.
const exploreCursor = z.tuple([z.literal('x'), z.string().min(1).max(40), z.number().int().min(0).max(10_000), z.number().int().min(1).max(50)])

const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`

/**
 * `explore.posts`: popular recent public posts from accounts the viewer neither follows nor is in
 * a block with, served from the candidate set the worker precomputes (no ranking query runs here),
 * lifted a little by likes from the people the viewer follows, at most two per author per page,
 * and frozen in a snapshot at the first page so later pages never repeat or skip a post.
 */
export async function explorePosts(deps: ExploreDeps, viewer: Viewer | null, input: { cursor?: string | null | undefined; limit: number }): Promise<Page<Post>> {
  const at = decodeCursor(input.cursor, exploreCursor)
  const pageSize = at ? at[3] : input.limit
  const viewerId = viewer?.id ?? null
  const page = at
    ? await snapshotPage(deps.snapshots, { snapshotId: at[1], offset: at[2] }, pageSize, async () => [])
    : await firstPage(deps, viewerId, pageSize)
  // The set and the arrangement may be minutes old: a post deleted, an author gone private, followed
  // or blocked since then is left out of this page (checked beside the hydration, not before it).
  const [shown, posts] = await Promise.all([stillExplorable(deps.db, viewerId, page.ids), hydratePosts(deps, viewerId, page.ids)])
  return { items: posts.filter((p) => shown.has(p.id)), nextCursor: page.next ? encodeCursor(['x', page.next.snapshotId, page.next.offset, pageSize]) : null }
}

// A viewer's arrangement of a set is saved as a snapshot and reused for their first pages while the
// set stands (well inside the snapshot's lifetime): coming back to Explore costs no ranking query.
// Anonymous visitors all share one. Kept per process, at most ARRANGED_MAX viewers (oldest dropped).
const ARRANGED_MS = 5 * 60_000
const ARRANGED_MAX = 10_000
type Arranged = { snapshotId: string; ids: string[]; savedAt: number }
const arrangedBy = new WeakMap<object, Map<string, Arranged>>()

async function firstPage(deps: ExploreDeps, viewerId: string | null, pageSize: number): Promise<SnapshotPage> {
  const set = await currentSet(deps)
  let byKey = arrangedBy.get(deps.snapshots)
  if (!byKey) arrangedBy.set(deps.snapshots, (byKey = new Map()))
  const key = `${set.computedAt}:${pageSize}:${viewerId ?? ''}`
  const now = Date.now()
  let hit = byKey.get(key)
  if (!hit || now - hit.savedAt > ARRANGED_MS) {
    const ids = arrangePages(viewerId ? await personalise(deps.db, viewerId, set) : set.items, pageSize)
    hit = { snapshotId: await deps.snapshots.save(ids), ids, savedAt: now }
    byKey.delete(key)
    byKey.set(key, hit)
    // Insertion order is age order: drop arrangements of older sets, stale ones, and the oldest over the cap.
    for (const [k, v] of byKey) {
      if (byKey.size > ARRANGED_MAX || !k.startsWith(`${set.computedAt}:`) || now - v.savedAt > ARRANGED_MS) byKey.delete(k)
      else break
    }
  }
  return { ids: hit.ids.slice(0, pageSize), next: hit.ids.length > pageSize ? { snapshotId: hit.snapshotId, offset: pageSize } : null, fresh: false, snapshotId: hit.snapshotId }
}

/** The worker's set; only before its first refresh does a request compute one, once for everyone waiting. */
async function currentSet(deps: ExploreDeps): Promise<ExploreSet> {
  return (await deps.exploreSet.load()) ?? (await coalesce(deps.exploreSet, () => refreshExplore(deps, { force: true })))
}

/**
 * The viewer's order of the set, in two indexed queries over the candidates only: who among their
 * authors the viewer follows (or asked to) or is in a block with, and how many people the viewer
 * follows liked each candidate this week.
 */
async function personalise(db: Queryable, viewerId: string, set: ExploreSet): Promise<ExploreCandidate[]> {
  if (set.items.length === 0) return []
  const authors = [...new Set(set.items.map((c) => c.authorId))]
  const since = new Date(set.computedAt - EXPLORE_WINDOW_DAYS * 86_400_000).toISOString()
  const [hidden, liked] = await Promise.all([
    rows<{ id: string }>(
      db,
      sql`with a as (select unnest(${uuidArray(authors)}) as id)
          select followee_id as id from follows where follower_id = ${viewerId} and followee_id in (select id from a)
          union select blocked_id from blocks where blocker_id = ${viewerId} and blocked_id in (select id from a)
          union select blocker_id from blocks where blocked_id = ${viewerId} and blocker_id in (select id from a)`,
    ),
    rows<{ post_id: string; n: number }>(
      db,
      // Driven from the followees (each one's likes of the week, from likes_user_idx alone), never
      // from the candidates: a popular post's likers are many, a person's likes in a week few.
      sql`select l.post_id, count(*)::int as n
          from follows f
          cross join lateral (select post_id from likes where user_id = f.followee_id and created_at > ${since}::timestamptz offset 0) l
          where f.follower_id = ${viewerId} and f.state = 'accepted' and l.post_id = any(${uuidArray(set.items.map((c) => c.id))})
          group by l.post_id`,
    ),
  ])
  const hide = new Set([viewerId, ...hidden.map((r) => r.id)])
  const likers = new Map(liked.map((r) => [r.post_id, Number(r.n)]))
  return set.items
    .filter((c) => !hide.has(c.authorId))
    .map((c) => ({ ...c, score: c.score * followedLikersBoost(likers.get(c.id) ?? 0) }))
    .sort(byScore)
}

/** Of these posts, those that still exist, by a public author the viewer does not follow and has no block with. */
async function stillExplorable(db: Queryable, viewerId: string | null, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const viewerChecks = viewerId
    ? sql`and p.author_id <> ${viewerId}
          and not exists (select 1 from follows f where f.follower_id = ${viewerId} and f.followee_id = p.author_id)
          and ${noBlockBetween(viewerId, sql`p.author_id`)}`
    : sql``
  const list = await rows<{ id: string }>(
    db,
    sql`select p.id from posts p join users u on u.id = p.author_id
        where p.id = any(${uuidArray(ids)}) and p.ready and not u.is_private ${viewerChecks}`,
  )
  return new Set(list.map((r) => r.id))
}
