import { and, desc, eq, inArray, schema, sql } from '@mosaic/db'
import { type Limits, type PostFormFields, postFormFieldsFor } from '@mosaic/validators'
import type { CoreDeps, Viewer } from '../deps.ts'
import { DomainError, notFound } from '../errors.ts'
import { decodeCursor, type Page, pageOf, pastCursor, timeIdCursor } from '../pagination/cursor.ts'
import { canSeeContent, relationBetween } from '../access/relation.ts'
import { authorVisibleTo, postVisibleTo, publishedFor } from '../access/visibility.ts'
import { mergeTags, parseTags } from './caption.ts'
import { claimKey, completeKey, fingerprintOf, type IdempotencyClaim } from './idempotency.ts'
import { upsertMedia } from './ingest.ts'
import { ingestUploads } from './ingest-uploads.ts'
import { enqueueTranscodes, newClips, retryFailedClips } from './transcode-queue.ts'
import { unlinkPlace } from './place-link.ts'
import { hydratePosts, type Post } from './post.shape.ts'
import { announcePost, publishInTransaction } from './publish.ts'
import { refreshSearchDocument } from './search-document.ts'
import type { UploadForm } from './upload.ts'
import { tooManyVideos } from './upload-spool.ts'

const { posts, postMedia, postTags, tags, users } = schema

type Deps = Pick<CoreDeps, 'db' | 'urls' | 'storage' | 'mediaLimits' | 'queue' | 'video'> & { limits: Limits }

export async function createPost(deps: Deps, viewer: Viewer, form: UploadForm): Promise<Post> {
  if (form.files.length === 0) throw new DomainError('BAD_REQUEST', 'Add at least one photo or video', { field: 'files' })
  const { filesPerPost, videosPerPost } = deps.limits
  if (form.files.length > filesPerPost) {
    throw new DomainError('BAD_REQUEST', `A post has at most ${filesPerPost === 1 ? 'one photo' : `${filesPerPost} photos`}`, { field: 'files' })
  }
  const extraVideo = form.files.filter((f) => f.kind === 'video')[videosPerPost]
  if (extraVideo) throw tooManyVideos(extraVideo.index, extraVideo.name, videosPerPost)
  const parsed = postFormFieldsFor(deps.limits).safeParse({
    caption: form.field('caption'),
    tags: form.field('tags'),
    alt: form.all('alt'),
    location: form.field('location'),
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new DomainError('BAD_REQUEST', issue?.message ?? 'Invalid post', { field: String(issue?.path[0] ?? '') })
  }
  const fields = parsed.data
  const tagNames = mergeTags(fields.caption, fields.tags)

  // With an Idempotency-Key, a retry of a finished upload answers with its post, never a second one.
  const idempotency = form.idempotency
  const keyState = idempotency ? (idempotency.state ?? (await claimKey(deps.db, viewer.id, idempotency.key))) : null
  const fingerprint = fingerprintOf(form.files, form.fields)
  if (keyState?.kind === 'done') {
    if (keyState.fingerprint !== fingerprint) {
      throw new DomainError('UNPROCESSABLE_CONTENT', 'This Idempotency-Key was already used for a post with other photos or text')
    }
    return getPost(deps, viewer, keyState.postId)
  }
  try {
    return await writePost(deps, viewer, form, fields, tagNames, keyState && { claim: keyState.claim, fingerprint })
  } finally {
    await keyState?.claim.release()
  }
}

async function writePost(
  deps: Deps,
  viewer: Viewer,
  form: UploadForm,
  fields: PostFormFields,
  tagNames: string[],
  key: { claim: IdempotencyClaim; fingerprint: string } | null,
): Promise<Post> {
  // A post with a video still being transcoded stays unpublished: only its author sees it until the
  // worker has made every video ready and publishes it (publish.ts).
  const mediaValues = await ingestUploads(deps, form.files, { refused: form.refusals })

  const { post, published, clips } = await deps.db.transaction(async (tx) => {
    const ids = await upsertMedia(tx, mediaValues)
    const retried = await retryFailedClips(tx, mediaValues)
    // Written unpublished, then published in this same transaction when all its media are ready
    // (photos always are): one path for a post of photos and for one whose video is transcoding.
    const [row] = await tx
      .insert(posts)
      .values({
        authorId: viewer.id,
        caption: fields.caption,
        locationName: fields.location?.name ?? null,
        locationLat: fields.location?.lat ?? null,
        locationLng: fields.location?.lng ?? null,
        ready: false,
      })
      .returning({ id: posts.id, createdAt: posts.createdAt })
    if (!row) throw new Error('insert returned no row')
    await tx.insert(postMedia).values(
      mediaValues.map((m, position) => ({ postId: row.id, mediaId: ids.get(m.sha256)!, position, alt: fields.alt[position] || null })),
    )
    await attachTags(tx, row.id, row.createdAt, tagNames, { counted: false })
    const published = await publishInTransaction(tx, row.id)
    if (key) await completeKey(tx, key.claim, row.id, key.fingerprint)
    return { post: row, published, clips: { fresh: newClips(mediaValues, ids), retried } }
  })
  // After commit: followers' timelines, trending and @mentions, off the request path; the new clips' transcodes.
  if (published) await announcePost(deps, published)
  await enqueueTranscodes(deps, clips)
  const [shaped] = await hydratePosts(deps, viewer.id, [post.id])
  return shaped!
}

type Tx = Parameters<Parameters<Deps['db']['transaction']>[0]>[0]

/**
 * Tags a post. A published post's tags count at once; an unpublished one's are counted when it is
 * published (publish.ts), so a tag page never counts a post nobody else can see yet.
 */
async function attachTags(tx: Tx, postId: string, createdAt: Date, names: string[], opts: { counted: boolean }) {
  if (names.length === 0) return
  const rows = await tx
    .insert(tags)
    .values(names.map((name) => ({ name, postCount: opts.counted ? 1 : 0 })))
    .onConflictDoUpdate({ target: tags.name, set: { postCount: opts.counted ? sql`${tags.postCount} + 1` : sql`${tags.postCount}` } })
    .returning({ id: tags.id })
  await tx.insert(postTags).values(rows.map((t) => ({ tagId: t.id, postId, createdAt })))
}

async function detachTags(tx: Tx, postId: string, opts: { counted: boolean; names?: string[] }) {
  const where = opts.names
    ? and(eq(postTags.postId, postId), inArray(postTags.tagId, tx.select({ id: tags.id }).from(tags).where(inArray(tags.name, opts.names))))
    : eq(postTags.postId, postId)
  const removed = await tx.delete(postTags).where(where).returning({ tagId: postTags.tagId })
  if (removed.length === 0 || !opts.counted) return
  await tx
    .update(tags)
    .set({ postCount: sql`greatest(${tags.postCount} - 1, 0)` })
    .where(inArray(tags.id, removed.map((r) => r.tagId)))
}

/** Locks the post's row against a concurrent publish, so tags are counted by exactly one of the two. */
async function lockPost(tx: Tx, postId: string) {
  const [row] = await tx.select({ ready: posts.ready, createdAt: posts.createdAt }).from(posts).where(eq(posts.id, postId)).for('update')
  return row
}

/** The post if this viewer may see it; NOT_FOUND otherwise, exactly as for a post that does not exist. */
export async function getPost(deps: Pick<CoreDeps, 'db' | 'urls'>, viewer: Viewer | null, id: string): Promise<Post> {
  const [row] = await deps.db
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.id, id), postVisibleTo(viewer?.id ?? null, posts)))
  if (!row) throw notFound('That post')
  const [post] = await hydratePosts(deps, viewer?.id ?? null, [row.id])
  if (!post) throw notFound('That post')
  return post
}

export async function listByUser(
  deps: Pick<CoreDeps, 'db' | 'urls'>,
  viewer: Viewer | null,
  input: { username: string; cursor?: string | null | undefined; limit: number },
): Promise<Page<Post>> {
  const [owner] = await deps.db.select({ id: users.id, isPrivate: users.isPrivate }).from(users).where(eq(users.username, input.username))
  if (!owner) throw notFound('That account')
  const rel = await relationBetween(deps.db, viewer?.id ?? null, owner.id)
  if (rel.blockedBy || rel.blocking) throw notFound('That account')
  if (!canSeeContent(rel, owner)) throw new DomainError('FORBIDDEN', 'This account is private')
  const after = decodeCursor(input.cursor, timeIdCursor)
  const rows = await deps.db
    .select({ id: posts.id, createdAt: posts.createdAt })
    .from(posts)
    .where(
      and(
        eq(posts.authorId, owner.id),
        publishedFor(viewer?.id ?? null, posts),
        pastCursor(posts.createdAt, posts.id, after),
      ),
    )
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(input.limit + 1)
  const page = pageOf(rows, input.limit, (r) => [r.createdAt.toISOString(), r.id], (r) => r.map((x) => x.id))
  return { items: await hydratePosts(deps, viewer?.id ?? null, page.items), nextCursor: page.nextCursor }
}

async function ownPost(deps: Pick<CoreDeps, 'db'>, viewer: Viewer, id: string) {
  const [row] = await deps.db
    .select({ id: posts.id, authorId: posts.authorId, caption: posts.caption })
    .from(posts)
    .where(and(eq(posts.id, id), authorVisibleTo(viewer.id, posts.authorId)))
  if (!row) throw notFound('That post')
  if (row.authorId !== viewer.id) throw new DomainError('FORBIDDEN', 'Only its author can change this post')
  return row
}

export async function updatePost(
  deps: Pick<CoreDeps, 'db' | 'urls' | 'postCache'>,
  viewer: Viewer,
  input: { id: string; caption?: string | undefined; alt?: (string | null)[] | undefined; commentsDisabled?: boolean | undefined },
): Promise<Post> {
  const current = await ownPost(deps, viewer, input.id)
  await deps.db.transaction(async (tx) => {
    const locked = await lockPost(tx, input.id)
    if (!locked) throw notFound('That post')
    if (input.caption !== undefined) {
      await tx.update(posts).set({ caption: input.caption, updatedAt: new Date() }).where(eq(posts.id, input.id))
      // Tags that came from the old caption follow the caption; explicitly given tags stay.
      const before = new Set(parseTags(current.caption))
      const after = new Set(parseTags(input.caption))
      const existing = await tx
        .select({ name: tags.name })
        .from(postTags)
        .innerJoin(tags, eq(tags.id, postTags.tagId))
        .where(eq(postTags.postId, input.id))
      const have = new Set(existing.map((e) => e.name))
      await detachTags(tx, input.id, { counted: locked.ready, names: [...before].filter((t) => !after.has(t) && have.has(t)) })
      await attachTags(tx, input.id, locked.createdAt, [...after].filter((t) => !have.has(t)), { counted: locked.ready })
    }
    if (input.alt) {
      for (const [position, alt] of input.alt.entries()) {
        await tx
          .update(postMedia)
          .set({ alt: alt || null })
          .where(and(eq(postMedia.postId, input.id), eq(postMedia.position, position)))
      }
    }
    if (input.commentsDisabled !== undefined) await tx.update(posts).set({ commentsDisabled: input.commentsDisabled }).where(eq(posts.id, input.id))
    if (input.caption !== undefined || input.alt) await refreshSearchDocument(tx, input.id)
  })
  await deps.postCache.invalidate(input.id)
  return getPost(deps, viewer, input.id)
}

/** Removes the post at once for everyone; its blobs are collected by the sweep when unreferenced. */
export async function deletePost(deps: Pick<CoreDeps, 'db' | 'queue' | 'postCache'>, viewer: Viewer, id: string): Promise<void> {
  await ownPost(deps, viewer, id)
  await deps.db.transaction(async (tx) => {
    const locked = await lockPost(tx, id)
    await detachTags(tx, id, { counted: locked?.ready ?? false })
    const removed = await tx
      .delete(posts)
      .where(and(eq(posts.id, id), eq(posts.authorId, viewer.id)))
      .returning({ id: posts.id, placeId: posts.placeId })
    if (removed[0]?.placeId) await unlinkPlace(tx, removed[0].placeId)
    // Only a published post was counted on its author's profile (publish.ts).
    if (removed.length > 0 && locked?.ready) {
      await tx
        .update(users)
        .set({ postCount: sql`greatest(${users.postCount} - 1, 0)` })
        .where(eq(users.id, viewer.id))
    }
  })
  await deps.postCache.invalidate(id)
  await deps.queue.enqueue('feed.purgePost', { postId: id, authorId: viewer.id })
}
