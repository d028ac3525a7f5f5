import { customType, timestamp, uuid } from 'drizzle-orm/pg-core'
import { uuidv7 } from 'uuidv7'

// Timestamps keep milliseconds, as JavaScript dates do, so a (created_at, id) cursor round-trips exactly.
// UUIDv7: time-sortable, so ids double as a tie-breaker in keyset pagination and index well.
export const id = () => uuid().primaryKey().$defaultFn(() => uuidv7())
export const createdAt = () => timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow()
export const ts = () => timestamp({ withTimezone: true, mode: 'date', precision: 3 })

/** A full-text document (search.posts); written by SQL (post_search_document), read by SQL, never selected as a value. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })
