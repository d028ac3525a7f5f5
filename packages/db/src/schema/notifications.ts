import { index, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, ts } from './_columns.ts'
import { comments } from './engagement.ts'
import { dataExports } from './exports.ts'
import { posts } from './posts.ts'
import { stories } from './stories.ts'
import { users } from './users.ts'

export const notificationType = pgEnum('notification_type', [
  'like',
  'comment',
  'mention',
  'follow',
  'follow_request',
  'follow_accepted',
  // to a post's or a story's owner: one of its videos could not be transcoded (migration 0012)
  'media_failed',
  // to the account itself: its "Download my data" zip is ready (migration 0018)
  'export_ready',
])

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    recipientId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    actorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: notificationType().notNull(),
    postId: uuid().references(() => posts.id, { onDelete: 'cascade' }),
    commentId: uuid().references(() => comments.id, { onDelete: 'cascade' }),
    // export_ready: the export it announces (gone with it when it expires)
    exportId: uuid().references(() => dataExports.id, { onDelete: 'cascade' }),
    // media_failed about a story's clip (migration 0019): gone with the story
    storyId: uuid().references(() => stories.id, { onDelete: 'cascade' }),
    // Collapses repeats of the same cause (like, unlike, like) into one row.
    dedupeKey: text(),
    createdAt: createdAt(),
    readAt: ts(),
  },
  (t) => [
    index('notifications_recipient_idx').on(t.recipientId, t.createdAt.desc(), t.id.desc()),
    index('notifications_dedupe_idx').on(t.recipientId, t.dedupeKey),
  ],
)
