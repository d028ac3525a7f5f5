import { TRPCError } from '@trpc/server'
import type { Limits } from '@mosaic/validators'
import type { z } from 'zod'

/**
 * Input checked again against the limits in force. A procedure's static input schema admits the
 * widest limits an operator may configure; this narrows it to the configured ones and refuses
 * exactly as input validation does (BAD_REQUEST with the issues), so clients see one shape.
 */
export function withinLimits<S extends z.ZodType>(limits: Limits, schemaFor: (limits: Limits) => S, input: unknown): z.output<S> {
  const parsed = schemaFor(limits).safeParse(input)
  if (!parsed.success) throw new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error })
  return parsed.data
}
