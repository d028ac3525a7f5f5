import { sql } from 'drizzle-orm'
import { boolean, doublePrecision, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, ts, tsvector } from './_columns.ts'
import { places } from './places.ts'
import { users } from './users.ts'

export const posts = pgTable(
  'posts',
  {
    id: id(),
    authorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    caption: text().notNull().default(''),
    locationName: text(),
    locationLat: doublePrecision(),
    locationLng: doublePrecision(),
    // the place the location names (set with the location, in the post's transaction)
    placeId: uuid().references(() => places.id, { onDelete: 'set null' }),
    likeCount: integer().notNull().default(0),
    commentCount: integer().notNull().default(0),
    // The author turned comments off: comment.add is refused, existing comments stay readable.
    commentsDisabled: boolean().notNull().default(false),
    // False while any of its media is still processing (a video being transcoded) or has failed:
    // until then only its author sees it, and nothing publishes it (fan-out, tags, search, places,
    // trending, mentions).
    ready: boolean().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    // search.posts: caption, tags, location name and alt text as one document, filled by the app in
    // the transaction that writes any of them (post_search_document in migration 0003_search).
    search: tsvector().notNull().default(sql`''::tsvector`),
  },
  (t) => [
    // The words and the post's time in one GIN index (btree_gin, migration 0013): search.posts asks for
    // a word's matches since a moment, and the index intersects the two without reading either whole.
    index('posts_search_idx').using('gin', t.search, t.createdAt),
    // profile grid and the feed's pull path: an author's posts, newest first
    index('posts_author_created_idx').on(t.authorId, t.createdAt.desc(), t.id.desc()),
    // explore and the recent window
    index('posts_created_idx').on(t.createdAt.desc(), t.id.desc()),
    // a place's page: its posts, newest first. Migration 0005 adds INCLUDE (author_id), which drizzle
    // cannot declare: the privacy check then reads no heap, and the planner walks this index in order
    // (an index-only scan stopping after a page) instead of sorting every post of a popular place.
    index('posts_place_created_idx').on(t.placeId, t.createdAt.desc(), t.id.desc()).where(sql`${t.placeId} is not null`),
  ],
)

// One row per distinct image content: the same bytes uploaded by anyone are processed and stored once.
export const media = pgTable(
  'media',
  {
    id: id(),
    sha256: text().notNull(),
    format: text().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    bytes: integer().notNull(),
    placeholder: text().notNull(),
    // 64-bit perceptual hash, hex, for finding near-duplicates
    dhash: text().notNull(),
    thumbKey: text().notNull(),
    smallKey: text().notNull(),
    largeKey: text().notNull(),
    originalKey: text().notNull(),
    // The 9:16 story size, rendered the first time this content is posted as a story.
    storyKey: text(),
    // 'image' or 'video'. For a video the thumb/small/large/original keys are its poster frame's.
    kind: text().$type<'image' | 'video'>().notNull().default('image'),
    // A video is 'processing' until the worker has transcoded it, then 'ready' (or 'failed').
    state: text().$type<'processing' | 'ready' | 'failed'>().notNull().default('ready'),
    durationMs: integer(),
    // the upload as received, kept private (content-addressed) as the transcode's source
    sourceKey: text(),
    // the transcoded H.264/AAC MP4 that is served
    videoKey: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('media_sha256_key').on(t.sha256), index('media_dhash_idx').on(t.dhash)],
)

// Each post's own media rows, in upload order, pointing at shared content.
export const postMedia = pgTable(
  'post_media',
  {
    id: id(),
    postId: uuid()
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    mediaId: uuid()
      .notNull()
      .references(() => media.id, { onDelete: 'restrict' }),
    position: smallint().notNull(),
    alt: text(),
  },
  (t) => [uniqueIndex('post_media_post_position_key').on(t.postId, t.position), index('post_media_media_idx').on(t.mediaId)],
)

export const tags = pgTable(
  'tags',
  {
    id: id(),
    name: text().notNull(),
    postCount: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tags_name_key').on(t.name), index('tags_name_prefix_idx').on(t.name.op('text_pattern_ops'))],
)

export const postTags = pgTable(
  'post_tags',
  {
    tagId: uuid()
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    postId: uuid()
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    // copied from the post so a tag page is one index range scan, newest first
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tagId, t.postId] }),
    index('post_tags_tag_created_idx').on(t.tagId, t.createdAt.desc(), t.postId.desc()),
    index('post_tags_post_idx').on(t.postId),
    // trending without Redis: every tag's uses in a time range
    index('post_tags_created_idx').on(t.createdAt),
  ],
)

// post.create's Idempotency-Key, per author, kept 24 h. A row without a post is an upload in flight,
// leased to one request (`claim`) until `lease_until` and renewed while it runs, so a process that
// dies mid-upload frees the key within one lease; the post's own transaction fills in `post_id`.
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    claim: text().notNull(),
    leaseUntil: ts().notNull(),
    // sha256 over the files' hashes and the fields: a retry must carry the same content
    fingerprint: text(),
    postId: uuid().references(() => posts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
)
