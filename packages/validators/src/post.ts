import { z } from 'zod'
import { cursorSchema, limitSchema } from './pagination.ts'

export const MAX_FILES_PER_POST = 10
export const MAX_CAPTION = 2200

export const captionSchema = z.string().max(MAX_CAPTION, `Captions are at most ${MAX_CAPTION} characters`)
export const altSchema = z.string().trim().max(1000, 'Alt text is at most 1,000 characters')

export const locationSchema = z.object({
  name: z.string().trim().min(1, 'Name the location').max(100, 'Location names are at most 100 characters'),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
})
export type LocationInput = z.infer<typeof locationSchema>

/** The text fields of post.create's FormData, after the files are taken out. */
export const postFormFields = z.object({
  caption: captionSchema.default(''),
  tags: z.string().max(1000).optional(),
  alt: z.array(altSchema).max(MAX_FILES_PER_POST).default([]),
  location: z
    .string()
    .max(1000)
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined
      try {
        return JSON.parse(s) as unknown
      } catch {
        ctx.addIssue({ code: 'custom', message: 'location must be JSON' })
        return z.NEVER
      }
    })
    .pipe(locationSchema.optional()),
})

export const postIdInput = z.object({ id: z.uuid('That post does not exist') })

export const postsByUserInput = z.object({ username: z.string().trim().toLowerCase().min(1).max(30), cursor: cursorSchema, limit: limitSchema(50, 12) })

export const updatePostInput = z.object({
  id: z.uuid(),
  caption: captionSchema.optional(),
  alt: z.array(altSchema.nullable()).max(MAX_FILES_PER_POST).optional(),
})

export const rankMode = z.enum(['top', 'latest']).default('latest')

export const tagName = z
  .string()
  .trim()
  .transform((t) => t.replace(/^#+/, '').toLowerCase())
  .pipe(z.string().regex(/^[\p{L}\p{N}_]{1,64}$/u, 'Not a valid tag'))

export const tagPostsInput = z.object({ tag: tagName, cursor: cursorSchema, limit: limitSchema(50, 24), mode: rankMode })
