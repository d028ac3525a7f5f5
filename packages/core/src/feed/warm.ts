import type { Viewer } from '../deps.ts'
import { encodeCursor } from '../pagination/cursor.ts'
import type { WarmPages, WarmPost, WarmSession } from '../ports.ts'
import { shapePost } from '../posts/post.shape.ts'
import type { AuthorSummary, PostCore } from '../types.ts'
import { feedCursor, type FeedDeps, type FeedInput } from './feed.service.ts'

// The warm home-feed page as JSON text, spliced: the page `homeFeed` would answer, byte for byte,
// read in one call (WarmPages) and written without parsing and re-serialising every post. Each
// post's shape up to its counts — author, caption, media URLs — is kept here as text, checked on
// every page against the cached core and author summary it was made from (an edit, a new avatar or
// a post turned private changes them) and, for a private account's signed URLs, against the
// signing period. Counts, the reader's like and save are spliced in per page.

type Shaped = { core: string; author: string; signedAt: string | null; head: string; tail: string; t: number }

/** Shaped posts kept per process: about 3 KB each. */
const SHAPED_MAX = 20_000
const shapedBy = new WeakMap<WarmPages, Map<string, Shaped>>()

const COUNTS = /^(\d+),(\d+)$/

/**
 * The page's JSON (`{"items":[…],"nextCursor":…}`) when it is warm; 'cold' when it is not (and the
 * session, if given, was held: it need not be tried again for this call); null on anything unusual
 * (a malformed cursor, Redis not answering, no warm pages here) and, with `session`, unless the
 * session cache still holds just that for the viewer. `homeFeed` answers the last two, refusals included.
 */
export type WarmAnswer = { json: string } | 'cold' | null

export async function warmHomePage(deps: Pick<FeedDeps, 'warmPages' | 'urls'>, viewer: Viewer, input: FeedInput, session?: WarmSession): Promise<WarmAnswer> {
  const pages = deps.warmPages
  if (!pages) return null
  let cursor: ReturnType<typeof feedCursor>
  try {
    cursor = feedCursor(input)
  } catch {
    return null
  }
  const query =
    input.mode === 'top'
      ? { mode: 'top' as const, limit: input.limit, snapshotId: cursor?.[0] === 't' ? cursor[1] : null, offset: cursor?.[0] === 't' ? cursor[2] : 0 }
      : { mode: 'latest' as const, limit: input.limit, after: cursor?.[0] === 'l' ? { t: cursor[1], id: cursor[2] } : null }
  const read = await pages.read(viewer.id, query, session).catch(() => null)
  if (read === null || read === 'cold') return read

  let cache = shapedBy.get(pages)
  if (!cache) shapedBy.set(pages, (cache = new Map()))
  // A private account's signed URLs change with the signing period: asked once per page, if needed.
  let signedAt: string | null | undefined
  const period = () => (signedAt ??= deps.urls.signed(''))
  const items: string[] = []
  let last: Shaped | undefined
  for (const post of read.posts) {
    const counts = COUNTS.exec(post.counts)
    if (!counts) return null
    const shaped = shapedOf(cache, post, deps.urls, period)
    items.push(`${shaped.head}"likeCount":${counts[1]},"commentCount":${counts[2]},"viewerHasLiked":${post.liked}${shaped.tail}"viewerHasSaved":${post.saved}}`)
    last = shaped
  }
  // As homeFeed's: a ranking's next offset, or the last post's position in the timeline.
  let next: string | null = null
  if (read.more && query.mode === 'top' && read.snapshotId) next = encodeCursor(['t', read.snapshotId, query.offset + query.limit])
  if (read.more && query.mode === 'latest' && last) next = encodeCursor(['l', last.t, read.posts[read.posts.length - 1]!.id])
  return { json: `{"items":[${items.join(',')}],"nextCursor":${next === null ? 'null' : JSON.stringify(next)}}` }
}

/** A post's text before and after its per-page fields, from this process's cache while it still matches. */
function shapedOf(cache: Map<string, Shaped>, post: WarmPost, urls: FeedDeps['urls'], period: () => string): Shaped {
  const hit = cache.get(post.id)
  if (hit && hit.core === post.core && hit.author === post.author && (hit.signedAt === null || hit.signedAt === period())) return hit
  const core = JSON.parse(post.core) as PostCore
  const author = JSON.parse(post.author) as AuthorSummary
  const fresh = { id: core.id, t: core.t, likeCount: 0, commentCount: 0, liked: false, authorId: core.authorId, ...author }
  // shapePost's own order, so the text is what JSON.stringify gives homeFeed's page.
  const { likeCount: _likes, commentCount: _comments, viewerHasLiked: _liked, commentsDisabled, ...head } = shapePost(core, fresh, urls)
  const shaped: Shaped = {
    core: post.core,
    author: post.author,
    signedAt: author.isPrivate ? period() : null,
    head: `${JSON.stringify(head).slice(0, -1)},`,
    tail: `,"commentsDisabled":${commentsDisabled},`,
    t: core.t,
  }
  cache.delete(post.id)
  cache.set(post.id, shaped)
  // The oldest-kept go first (a Map iterates in insertion order; a refreshed entry moved to the end).
  if (cache.size > SHAPED_MAX) cache.delete(cache.keys().next().value!)
  return shaped
}
