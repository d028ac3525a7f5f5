import type { Viewer } from '../deps.ts'
import { encodeCursor } from '../pagination/cursor.ts'
import type { WarmPages, WarmPost, WarmSession, WarmTexts } from '../ports.ts'
import { shapePost } from '../posts/post.shape.ts'
import type { AuthorSummary, PostCore } from '../types.ts'
import { feedCursor, type FeedDeps, type FeedInput } from './feed.service.ts'

// The warm home-feed page as JSON text, spliced: the page `homeFeed` would answer, byte for byte,
// read in one call (WarmPages) and written without parsing and re-serialising every post. Each
// post's shape up to its counts — author, caption, media URLs — is kept here as text, checked on
// every page against the stamps of the cached core and author summary it was made from (an edit, a
// new avatar or a post turned private changes them) and, for a private account's signed URLs,
// against the signing period. Only a post not shaped here yet costs its texts (a second call).
// Counts, the reader's like and save are spliced in per page.

type Shaped = { stamp: string; authorStamp: string; signedAt: string | null; head: string; tail: string; t: number }

/** Shaped posts kept per process: about 1.2 KB each. */
const SHAPED_MAX = 100_000
const shapedBy = new WeakMap<WarmPages, Map<string, Shaped>>()

const COUNTS = /^(\d+),(\d+)$/

/**
 * The page's JSON (`{"items":[…],"nextCursor":…}`) when it is warm; 'cold' when it is not (and the
 * session, if given, was held: it need not be tried again for this call); null on anything unusual
 * (a malformed cursor, Redis not answering, no warm pages here) and, with `session`, unless the
 * session cache still holds just that for the viewer. `homeFeed` answers the last two, refusals included.
 */
export type WarmAnswer = { json: string; /** the session entry's time to live, when one was checked (else -1) */ sessionTtlMs: number } | 'cold' | null

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
  const shaped = read.posts.map((post) => heldShape(cache, post, period))
  // Posts not shaped here yet (or whose core or author changed): their texts in a second read.
  const unshaped = read.posts.filter((_, i) => !shaped[i])
  if (unshaped.length > 0) {
    const texts = await pages.texts(unshaped).catch(() => undefined)
    if (texts === undefined) return null
    if (texts === null) return 'cold'
    let j = 0
    for (const [i, post] of read.posts.entries()) shaped[i] ??= shapeInto(cache, post, texts[j++]!, deps.urls, period)
  }
  const items: string[] = []
  for (const [i, post] of read.posts.entries()) {
    const counts = COUNTS.exec(post.counts)
    if (!counts) return null
    const { head, tail } = shaped[i]!
    items.push(`${head}"likeCount":${counts[1]},"commentCount":${counts[2]},"viewerHasLiked":${post.liked}${tail}"viewerHasSaved":${post.saved}}`)
  }
  const last = shaped[shaped.length - 1]
  // As homeFeed's: a ranking's next offset, or the last post's position in the timeline.
  let next: string | null = null
  if (read.more && query.mode === 'top' && read.snapshotId) next = encodeCursor(['t', read.snapshotId, query.offset + query.limit])
  if (read.more && query.mode === 'latest' && last) next = encodeCursor(['l', last.t, read.posts[read.posts.length - 1]!.id])
  return { json: `{"items":[${items.join(',')}],"nextCursor":${next === null ? 'null' : JSON.stringify(next)}}`, sessionTtlMs: read.sessionTtlMs }
}

/** A post's text before and after its per-page fields, from this process's cache while it still matches the store's stamps. */
function heldShape(cache: Map<string, Shaped>, post: WarmPost, period: () => string): Shaped | undefined {
  const hit = cache.get(post.id)
  return hit && hit.stamp === post.stamp && hit.authorStamp === post.authorStamp && (hit.signedAt === null || hit.signedAt === period()) ? hit : undefined
}

/** The same made from the post's cached texts, and kept. */
function shapeInto(cache: Map<string, Shaped>, post: WarmPost, texts: WarmTexts, urls: FeedDeps['urls'], period: () => string): Shaped {
  const core = JSON.parse(texts.core) as PostCore
  const author = JSON.parse(texts.author) as AuthorSummary
  const fresh = { id: core.id, t: core.t, likeCount: 0, commentCount: 0, liked: false, authorId: core.authorId, ...author }
  // shapePost's own order, so the text is what JSON.stringify gives homeFeed's page.
  const { likeCount: _likes, commentCount: _comments, viewerHasLiked: _liked, commentsDisabled, ...head } = shapePost(core, fresh, urls)
  const shaped: Shaped = {
    stamp: post.stamp,
    authorStamp: post.authorStamp,
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
