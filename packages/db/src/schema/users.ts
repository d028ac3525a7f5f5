import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, id, ts } from './_columns.ts'

export const users = pgTable(
  'users',
  {
    id: id(),
    // Stored lower-case (the validator folds case), so the unique index is case-insensitive.
    username: text().notNull(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    displayName: text().notNull().default(''),
    bio: text().notNull().default(''),
    isPrivate: boolean().notNull().default(false),
    // Named only by the operator's CLI (`pnpm admin grant`); never set through the API.
    isAdmin: boolean().notNull().default(false),
    avatarKey: text(),
    // Counters are updated in the same transaction as the rows they count.
    postCount: integer().notNull().default(0),
    followerCount: integer().notNull().default(0),
    followingCount: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_username_key').on(sql`lower(${t.username})`),
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    // Prefix search on usernames and names (search.users).
    index('users_username_prefix_idx').on(t.username.op('text_pattern_ops')),
    // Whose avatar is this blob? Asked by /media for every unsigned avatar fetch and by the sweep.
    index('users_avatar_key_idx').on(t.avatarKey).where(sql`${t.avatarKey} is not null`),
    index('users_display_name_prefix_idx').on(sql`lower(${t.displayName}) text_pattern_ops`),
    // Fuzzy (trigram) search on usernames and names (search.users; pg_trgm).
    index('users_username_trgm_idx').using('gin', t.username.op('gin_trgm_ops')),
    index('users_display_name_trgm_idx').using('gin', t.displayName.op('gin_trgm_ops')),
    // The most followed first: a short prefix matching thousands is answered by walking this until enough match.
    index('users_follower_count_idx').on(t.followerCount.desc(), t.id),
    // The few private accounts: "is the author private?" for an anonymous viewer becomes a probe of
    // this small index instead of a pass over every user (search.posts, tag pages).
    index('users_private_idx').on(t.id).where(sql`${t.isPrivate}`),
  ],
)

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // sha256 of the bearer token: a leaked table does not leak usable tokens.
    tokenHash: text().notNull(),
    userAgent: text(),
    ip: text(),
    createdAt: createdAt(),
    expiresAt: ts().notNull(),
    revokedAt: ts(),
    // Moved at most once a minute (auth/session-touch), never written per request.
    lastUsedAt: createdAt(),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
)

/** One-time password reset links: the mail holds the token, this table only its sha256. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    createdAt: createdAt(),
    expiresAt: ts().notNull(),
    usedAt: ts(),
  },
  (t) => [uniqueIndex('password_resets_token_hash_key').on(t.tokenHash), index('password_resets_user_idx').on(t.userId)],
)
