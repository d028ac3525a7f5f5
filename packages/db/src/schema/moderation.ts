import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id } from './_columns.ts'
import { posts } from './posts.ts'
import { users } from './users.ts'

// A person's report of a post, read by admins (admin.reports). One per reporter and post.
export const reports = pgTable(
  'reports',
  {
    id: id(),
    postId: uuid()
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    reporterId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('reports_post_reporter_key').on(t.postId, t.reporterId),
    // the admins' queue, newest first
    index('reports_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('reports_reporter_idx').on(t.reporterId),
  ],
)
