import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { createdAt, id } from './_columns.ts'

// Jobs that could not reach the queue (Redis down) wait here, written by the same request that
// made them, and are moved to the queue when it answers again: no fan-out is ever lost.
export const jobOutbox = pgTable(
  'job_outbox',
  {
    id: id(),
    name: text().notNull(),
    payload: jsonb().notNull(),
    jobId: text(),
    createdAt: createdAt(),
  },
  (t) => [index('job_outbox_created_idx').on(t.createdAt)],
)
