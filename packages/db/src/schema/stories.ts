import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, ts } from './_columns.ts'
import { media } from './posts.ts'
import { users } from './users.ts'

export const stories = pgTable(
  'stories',
  {
    id: id(),
    authorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    mediaId: uuid()
      .notNull()
      .references(() => media.id, { onDelete: 'restrict' }),
    caption: text().notNull().default(''),
    createdAt: createdAt(),
    expiresAt: ts().notNull(),
  },
  (t) => [
    index('stories_author_expires_idx').on(t.authorId, t.expiresAt),
    index('stories_media_idx').on(t.mediaId),
    // the sweep's range of expired stories
    index('stories_expires_idx').on(t.expiresAt),
  ],
)

export const storyViews = pgTable(
  'story_views',
  {
    storyId: uuid()
      .notNull()
      .references(() => stories.id, { onDelete: 'cascade' }),
    viewerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.storyId, t.viewerId] }),
    index('story_views_viewer_idx').on(t.viewerId),
    // story.viewers: a story's viewers, most recent first
    index('story_views_story_created_idx').on(t.storyId, t.createdAt.desc(), t.viewerId.desc()),
  ],
)
