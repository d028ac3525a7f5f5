import { z } from 'zod'
import { cursorSchema, limitSchema } from './pagination.ts'

export const REPORT_REASON_MAX = 500

/** The reasons the web app offers; the API takes any short text, so other clients may word their own. */
export const REPORT_REASONS = [
  'Spam',
  'Nudity or sexual content',
  'Hate speech or symbols',
  'Violence or dangerous acts',
  'Bullying or harassment',
  'Scam or fraud',
  'False information',
  'Intellectual property violation',
  'I just don’t like it',
] as const

export const reportPostInput = z.object({
  id: z.uuid('That post does not exist'),
  reason: z.string().trim().min(1, 'Say why you are reporting this post').max(REPORT_REASON_MAX, `A reason is at most ${REPORT_REASON_MAX} characters`),
})

export const adminReportsInput = z.object({ cursor: cursorSchema, limit: limitSchema(50, 20) }).default({ limit: 20 })
