import { z } from 'zod'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError } from '../errors.ts'
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor.ts'
import { snapshotPage } from '../pagination/snapshot-page.ts'
import type { Timelines, WarmPages } from '../ports.ts'
import { freshRows, shapePost, type Post } from '../posts/post.shape.ts'
import { withSavedState } from '../posts/saved-state.ts'
import type { FeedConfig } from '../types.ts'
import { candidateCounts, followedAmong, followedCelebrities, isOlder, newerFirst, pullLatest, type After, type FeedEntry } from './pull.ts'
import { rank, type Candidate } from './ranking.ts'

export type FeedDeps = Pick<CoreDeps, 'db' | 'urls' | 'snapshots' | 'hot' | 'timelines' | 'postCache' | 'queue'> & {
  feedConfig: FeedConfig
  /** Told when the Redis path failed and the Postgres pull path answered instead. */
  onFallback?: (err: unknown) => void
  /** A warm page's reads in one call (warm.ts); absent without a single Redis. */
  warmPages?: WarmPages | null
}

export type FeedInput = { cursor?: string | null | undefined; limit: number; mode: 'top' | 'latest' }

const latestCursor = z.tuple([z.literal('l'), z.number().int().nonnegative(), z.uuid()])
const topCursor = z.tuple([z.literal('t'), z.string().min(1).max(32), z.number().int().min(0).max(10_000)])
const anyCursor = z.union([latestCursor, topCursor])

// The newest posts of the window that `top` ranks: a week of a typical follow graph, cheap to score.
const TOP_CANDIDATES = 300

/** The page's cursor, decoded: a malformed one, or one of the other mode, is refused. */
export function feedCursor(input: FeedInput): z.infer<typeof anyCursor> | null {
  const cursor = decodeCursor(input.cursor, anyCursor)
  if (cursor && (cursor[0] === 't') !== (input.mode === 'top')) throw new DomainError('BAD_REQUEST', 'That cursor belongs to the other feed mode', { field: 'cursor' })
  return cursor
}

/**
 * The home feed. With Redis: the viewer's timeline (fanned out on write) merged with the recent
 * posts of followed celebrities (pulled on read). Without Redis, or while it does not answer: the
 * same page, in the same order, pulled from Postgres by index.
 */
export async function homeFeed(deps: FeedDeps, viewer: Viewer, input: FeedInput): Promise<Page<Post>> {
  const cursor = feedCursor(input)
  if (input.mode === 'top') return topPage(deps, viewer, input.limit, cursor?.[0] === 't' ? cursor : null)
  const after: After = cursor?.[0] === 'l' ? { t: cursor[1], id: cursor[2] } : null
  return latestPage(deps, viewer, input.limit, after)
}

/** Candidate entries newest first, strictly older than `after`, from Redis or (fallback) Postgres. */
async function entries(deps: FeedDeps, viewer: Viewer, after: After, limit: number, since?: number): Promise<{ list: FeedEntry[]; fromTimeline: boolean }> {
  if (deps.timelines) {
    try {
      const list = await timelineEntries(deps, deps.timelines, viewer, after, limit, since)
      if (list) return { list, fromTimeline: true }
    } catch (err) {
      deps.onFallback?.(err)
    }
  }
  return { list: await pullLatest(deps.db, viewer.id, { after, limit, ...(since ? { since: new Date(since) } : {}) }), fromTimeline: false }
}

/**
 * The timeline's entries merged with followed celebrities' recent posts; null when the timeline is
 * not built (a first visit, or lost): the worker rebuilds it, and this page comes from Postgres.
 */
async function timelineEntries(deps: FeedDeps, timelines: Timelines, viewer: Viewer, after: After, limit: number, since?: number): Promise<FeedEntry[] | null> {
  // Entries sharing the cursor's score are fetched again and dropped by isOlder: a few extra cover ties.
  const range = { ...(after ? { max: after.t } : {}), ...(since !== undefined ? { min: since } : {}), count: limit + 20 }
  const res = await timelines.read(viewer.id, range)
  if (!res.built) {
    // One rebuild at a time per reader however many pages ask, and another as soon as one has run
    // (a timeline lost again, as a failover's watcher drops it); one whose retries all failed holds
    // its id for the rest of the minute. A queue that does not answer loses only the head start.
    const minute = Math.floor(Date.now() / 60_000)
    await deps.queue.enqueue('feed.rebuild', { userId: viewer.id }, { jobId: `rebuild-${viewer.id}-${minute}`, pendingOnly: true }).catch(() => {})
    return null
  }
  const merged = res.entries
  const celebs = res.celebrities ?? (await cacheCelebrities(deps, timelines, viewer.id))
  if (celebs.length > 0) {
    // When the timeline alone fills the page, a celebrity's post older than its last entry on the
    // page cannot make it (ties included: they are ordered by id below).
    const own = merged.filter((e) => isOlder(e, after))
    const floor = Math.max(since ?? -Infinity, own.length >= limit ? own[limit - 1]!.t : -Infinity)
    for (const list of await timelines.authorsRecent(celebs, after ? after.t : Number.MAX_SAFE_INTEGER, limit + 20, Number.isFinite(floor) ? floor : undefined)) merged.push(...list)
  }
  const seen = new Set<string>()
  return merged
    .filter((e) => isOlder(e, after) && !seen.has(e.id) && seen.add(e.id))
    .sort(newerFirst)
    .slice(0, limit)
}

async function cacheCelebrities(deps: FeedDeps, timelines: Timelines, viewerId: string): Promise<string[]> {
  const ids = await followedCelebrities(deps.db, viewerId, deps.feedConfig.celebrityThreshold)
  await timelines.cacheCelebrities(viewerId, ids)
  return ids
}

/**
 * Where a page's ids come from decides what is checked again: timeline entries are kept in step
 * with follows synchronously (unfollow, block and removal purge them before answering); a
 * snapshot's ranking was checked when it was made, up to 30 minutes ago; pulled entries are
 * checked against Postgres with the rest of the page.
 */
type Source = 'timeline' | 'snapshot' | 'pulled'

/** Posts for ids the viewer may still see, in the given order, hydrated from the cache plus one fresh query. */
async function hydrate(deps: FeedDeps, viewer: Viewer, ids: string[], source: Source): Promise<{ posts: Post[]; dropped: string[] }> {
  const cores = await deps.postCache.getMany(ids)
  const hot = source === 'pulled' ? null : deps.hot
  if (hot && source === 'snapshot') {
    // One indexed query for the page's authors, not one per post: whom does the viewer follow now?
    const authors = [...new Set([...cores.values()].map((c) => c.authorId).filter((a) => a !== viewer.id))]
    const followed = await followedAmong(deps.db, viewer.id, authors)
    for (const [id, core] of cores) if (core.authorId !== viewer.id && !followed.has(core.authorId)) cores.delete(id)
  }
  const fresh = hot
    ? await hot.feedRows(viewer.id, ids.flatMap((id) => cores.get(id) ?? [])).catch(() => freshRows(deps.db, viewer.id, ids, { followedOnly: true }))
    : await freshRows(deps.db, viewer.id, ids, { followedOnly: true })
  const posts: (Post & { viewerHasSaved?: boolean })[] = []
  const dropped: string[] = []
  let savedKnown = true
  for (const id of ids) {
    const f = fresh.get(id)
    const core = cores.get(id)
    if (!f || !core) {
      dropped.push(id)
      continue
    }
    const shaped = shapePost(core, f, deps.urls)
    if (f.saved === undefined) savedKnown = false
    posts.push(f.saved === undefined ? shaped : { ...shaped, viewerHasSaved: f.saved })
  }
  // The hot store knew what the viewer saved: no database read for it.
  return { posts: savedKnown ? posts : await withSavedState(deps.db, viewer.id, posts), dropped }
}

async function latestPage(deps: FeedDeps, viewer: Viewer, limit: number, after: After): Promise<Page<Post>> {
  const out: Post[] = []
  let position = after
  let more = true
  // A page can come back short when entries were dropped (deleted posts, lagging unfollows): read on.
  for (let round = 0; round < 4 && out.length < limit && more; round++) {
    const want = limit - out.length
    const { list: batch, fromTimeline } = await entries(deps, viewer, position, want + 1)
    more = batch.length > want
    const take = batch.slice(0, want)
    const { posts, dropped } = await hydrate(deps, viewer, take.map((e) => e.id), fromTimeline ? 'timeline' : 'pulled')
    out.push(...posts)
    if (dropped.length && deps.timelines) void deps.timelines.drop(viewer.id, dropped)
    const last = take[take.length - 1]
    if (!last) break
    position = { t: last.t, id: last.id }
  }
  const last = out[out.length - 1]
  return { items: out, nextCursor: more && last ? encodeCursor(['l', Date.parse(last.createdAt), last.id]) : null }
}

/**
 * What `top` ranks by. Timeline entries are in step with follows, blocks and deletions, as for
 * `latest`, so their counts come from the hot store without a database read (a deleted post's
 * counts are gone with its row); pulled entries are checked against Postgres with their counts.
 */
async function candidatesOf(deps: FeedDeps, viewer: Viewer, pool: { list: FeedEntry[]; fromTimeline: boolean }): Promise<Candidate[]> {
  const ids = pool.list.map((e) => e.id)
  if (!pool.fromTimeline || !deps.hot) return candidateCounts(deps.db, viewer.id, ids)
  try {
    const counts = await deps.hot.counts(ids)
    return pool.list.flatMap((e) => {
      const n = counts.get(e.id)
      return n ? [{ id: e.id, createdAtMs: e.t, likeCount: n[0], commentCount: n[1] }] : []
    })
  } catch (err) {
    deps.onFallback?.(err)
    return candidateCounts(deps.db, viewer.id, ids)
  }
}

/** The viewer's recent ranking (the last three minutes), if still in step with their follows and timeline (see Timelines.rankingOf). */
async function recentRanking(deps: FeedDeps, viewer: Viewer): Promise<string | null> {
  try {
    return (await deps.timelines?.rankingOf(viewer.id)) ?? null
  } catch {
    return null
  }
}

async function topPage(deps: FeedDeps, viewer: Viewer, limit: number, cursor: ['t', string, number] | null): Promise<Page<Post>> {
  // A first page within three minutes of the last one, with no new post and no follow change between:
  // the same ranking again, without ranking hundreds of candidates anew. Later pages of that
  // ranking are as much in step with the follows as the first.
  const current = await recentRanking(deps, viewer)
  const reused = cursor ? null : current
  let keep = false
  const madeAt = Date.now()
  const rankNow = async () => {
    const since = madeAt - deps.feedConfig.windowDays * 86_400_000
    let pool = await entries(deps, viewer, null, TOP_CANDIDATES, since)
    // A quiet week: rank the newest posts there are instead of showing nothing.
    if (pool.list.length < limit) pool = await entries(deps, viewer, null, TOP_CANDIDATES)
    keep = pool.fromTimeline
    return rank(await candidatesOf(deps, viewer, pool), madeAt)
  }
  const at = cursor ? { snapshotId: cursor[1], offset: cursor[2] } : reused ? { snapshotId: reused, offset: 0 } : null
  const page = await snapshotPage(deps.snapshots, at, limit, rankNow).catch((err: unknown) => {
    if (reused) return snapshotPage(deps.snapshots, null, limit, rankNow) // the snapshot expired first
    throw err
  })
  if (keep && deps.timelines) await deps.timelines.keepRanking(viewer.id, page.snapshotId, madeAt).catch(() => {})
  // A fresh ranking was checked just now, and the current one is in step with the follows as the
  // timeline is; an older one a client kept is checked again, since the viewer may have been
  // removed, blocked or have unfollowed since it was made.
  const inStep = page.fresh || page.snapshotId === current
  const { posts } = await hydrate(deps, viewer, page.ids, inStep ? 'timeline' : 'snapshot')
  return { items: posts, nextCursor: page.next ? encodeCursor(['t', page.next.snapshotId, page.next.offset]) : null }
}
