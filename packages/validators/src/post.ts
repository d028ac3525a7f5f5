import { z } from 'zod'
import { jsonField } from './form.ts'
import { type Limits, perLimits, WIDEST_LIMITS } from './limits.ts'
import { cursorSchema, limitSchema } from './pagination.ts'

// Each schema that carries a limit is built from the limits: `…For(limits)` checks the limits in
// force (the server), the plain schema the widest limits an operator may configure.

export const captionSchemaFor = perLimits((l) => z.string().max(l.captionLength, `Captions are at most ${l.captionLength} characters`))
export const altSchemaFor = perLimits((l) => z.string().trim().max(l.altLength, `Alt text is at most ${l.altLength.toLocaleString('en-US')} characters`))
export const captionSchema = captionSchemaFor(WIDEST_LIMITS)
export const altSchema = altSchemaFor(WIDEST_LIMITS)

export const locationSchema = z.object({
  name: z.string().trim().min(1, 'Name the location').max(100, 'Location names are at most 100 characters'),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
})
export type LocationInput = z.infer<typeof locationSchema>

// The location arrives as a JSON string among the form's fields.
const locationField = jsonField(locationSchema, { maxLength: 1000, message: 'location must be JSON' })

/** The text fields of post.create's FormData, after the files are taken out. */
export const postFormFieldsFor = perLimits((l: Limits) =>
  z.object({
    caption: captionSchemaFor(l).default(''),
    tags: z.string().max(1000).optional(),
    alt: z.array(altSchemaFor(l)).max(l.filesPerPost).default([]),
    location: locationField,
  }),
)
export const postFormFields = postFormFieldsFor(WIDEST_LIMITS)
export type PostFormFields = z.output<typeof postFormFields>

export const postIdInput = z.object({ id: z.uuid('That post does not exist') })

export const postsByUserInput = z.object({ username: z.string().trim().toLowerCase().min(1).max(30), cursor: cursorSchema, limit: limitSchema(50, 12) })

export const updatePostInputFor = perLimits((l) =>
  z.object({
    id: z.uuid(),
    caption: captionSchemaFor(l).optional(),
    alt: z.array(altSchemaFor(l).nullable()).max(l.filesPerPost).optional(),
    commentsDisabled: z.boolean().optional(),
  }),
)
export const updatePostInput = updatePostInputFor(WIDEST_LIMITS)

export const rankMode = z.enum(['top', 'latest']).default('latest')

export const tagName = z
  .string()
  .trim()
  .transform((t) => t.replace(/^#+/, '').toLowerCase())
  .pipe(z.string().regex(/^[\p{L}\p{N}_]{1,64}$/u, 'Not a valid tag'))

export const tagPostsInput = z.object({ tag: tagName, cursor: cursorSchema, limit: limitSchema(50, 24), mode: rankMode })

export const tagTrendingInput = z.object({ limit: z.number().int().min(1).max(50).default(10) }).default({ limit: 10 })
