import { sql } from 'drizzle-orm'
import { index, pgTable, primaryKey, text, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { createdAt, id } from './_columns.ts'
import { posts } from './posts.ts'
import { users } from './users.ts'

export const likes = pgTable(
  'likes',
  {
    postId: uuid()
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.userId] }),
    // likers of a post, newest first
    index('likes_post_created_idx').on(t.postId, t.createdAt.desc(), t.userId),
    // a user's likes, newest first; post_id in the key lets explore read "which of these posts did the
    // people I follow like this week" from the index alone
    index('likes_user_idx').on(t.userId, t.createdAt.desc(), t.postId),
  ],
)

export const comments = pgTable(
  'comments',
  {
    id: id(),
    postId: uuid()
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    authorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // A reply's top-level comment (one level, as on Instagram); null for a top-level comment.
    parentId: uuid().references((): AnyPgColumn => comments.id, { onDelete: 'cascade' }),
    text: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // a post's thread, oldest first
    index('comments_post_created_idx').on(t.postId, t.createdAt, t.id),
    index('comments_author_idx').on(t.authorId),
    // a comment's replies, oldest first
    index('comments_parent_created_idx')
      .on(t.parentId, t.createdAt, t.id)
      .where(sql`${t.parentId} is not null`),
  ],
)

export const commentLikes = pgTable(
  'comment_likes',
  {
    commentId: uuid()
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  // The primary key counts a comment's likes from the index alone.
  (t) => [primaryKey({ columns: [t.commentId, t.userId] }), index('comment_likes_user_idx').on(t.userId)],
)

/** A person's saved posts (bookmarks): private to them, newest saved first. */
export const savedPosts = pgTable(
  'saved_posts',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    postId: uuid()
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.postId] }),
    index('saved_posts_user_created_idx').on(t.userId, t.createdAt.desc(), t.postId.desc()),
    index('saved_posts_post_idx').on(t.postId),
  ],
)
