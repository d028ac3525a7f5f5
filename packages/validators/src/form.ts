import { z } from 'zod'

/**
 * A FormData text field that carries JSON (uploads send their structured fields this way): at most
 * `maxLength` characters, parsed, then checked by `schema`. Absent or empty is undefined.
 */
export const jsonField = <T extends z.ZodType>(schema: T, opts: { maxLength: number; message: string }) =>
  z
    .string()
    .max(opts.maxLength)
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined
      try {
        return JSON.parse(s) as unknown
      } catch {
        ctx.addIssue({ code: 'custom', message: opts.message })
        return z.NEVER
      }
    })
    .pipe(schema.optional())
