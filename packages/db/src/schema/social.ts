import { sql } from 'drizzle-orm'
import { check, index, pgEnum, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core'
import { createdAt, ts } from './_columns.ts'
import { users } from './users.ts'

export const followState = pgEnum('follow_state', ['pending', 'accepted'])

export const follows = pgTable(
  'follows',
  {
    followerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    followeeId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: followState().notNull(),
    createdAt: createdAt(),
    acceptedAt: ts(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    // followers of X, newest first; pending requests of X
    index('follows_followee_idx').on(t.followeeId, t.state, t.createdAt.desc(), t.followerId),
    // who X follows, newest first
    index('follows_follower_idx').on(t.followerId, t.state, t.createdAt.desc(), t.followeeId),
    check('follows_not_self', sql`${t.followerId} <> ${t.followeeId}`),
  ],
)

export const blocks = pgTable(
  'blocks',
  {
    blockerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    blockedId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.blockerId, t.blockedId] }),
    index('blocks_blocked_idx').on(t.blockedId, t.blockerId),
    // one's own blocks, newest first (user.blocked)
    index('blocks_blocker_created_idx').on(t.blockerId, t.createdAt.desc(), t.blockedId.desc()),
    check('blocks_not_self', sql`${t.blockerId} <> ${t.blockedId}`),
  ],
)
