import { z } from 'zod'
import { perLimits, WIDEST_LIMITS } from './limits.ts'
import { captionSchemaFor } from './post.ts'
import { cursorSchema, limitSchema } from './pagination.ts'
import { usernameLookup } from './user.ts'

/** A story is shown for exactly this long after it is posted, then never again. */
export const STORY_LIFETIME_MS = 24 * 3600 * 1000

/** How long the web viewer shows one photo before moving on. */
export const STORY_PHOTO_MS = 5000

/** The text fields of story.create's FormData, after its one file is taken out. */
export const storyFormFieldsFor = perLimits((l) => z.object({ caption: captionSchemaFor(l).default('') }))
export const storyFormFields = storyFormFieldsFor(WIDEST_LIMITS)

export const storyIdInput = z.object({ id: z.uuid('That story does not exist') })

export const storiesByUserInput = z.object({ username: usernameLookup })

export const storyViewersInput = z.object({ id: z.uuid('That story does not exist'), cursor: cursorSchema, limit: limitSchema(50, 20) })
