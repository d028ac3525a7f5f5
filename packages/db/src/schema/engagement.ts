import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
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
    text: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // a post's thread, oldest first
    index('comments_post_created_idx').on(t.postId, t.createdAt, t.id),
    index('comments_author_idx').on(t.authorId),
  ],
)
