import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, ts } from './_columns.ts'
import { users } from './users.ts'

// "Download my data": one row per request, built by the worker (`export.build`) into a private zip
// blob (`exports/<id>.zip`, never served by /media), fetched through a signed, owner-only link until
// `expires_at`, then collected by the media sweep (migration 0018).
export const dataExports = pgTable(
  'exports',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: text().$type<'pending' | 'ready' | 'failed'>().notNull().default('pending'),
    blobKey: text(),
    bytes: integer(),
    createdAt: createdAt(),
    readyAt: ts(),
    expiresAt: ts().notNull(),
  },
  (t) => [index('exports_user_created_idx').on(t.userId, t.createdAt.desc()), index('exports_expires_idx').on(t.expiresAt)],
)
