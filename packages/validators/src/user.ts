import { z } from 'zod'
import { displayNameSchema, hasNoHiddenCharacters } from './auth.ts'

// Lookups are lenient (any string up to the max is a valid question; an unknown name is NOT_FOUND),
// while sign-up is strict about what a new name may be.
export const usernameLookup = z.string().trim().toLowerCase().min(1).max(30)

export const byUsernameInput = z.object({ username: usernameLookup })

export const updateProfileInput = z
  .object({
    displayName: displayNameSchema.optional(),
    bio: z
      .string()
      .trim()
      .max(150, 'Bios are at most 150 characters')
      .refine(hasNoHiddenCharacters, 'Bios cannot contain invisible or text-direction characters')
      .optional(),
    isPrivate: z.boolean().optional(),
  })
  .strict()
export type UpdateProfileInput = z.infer<typeof updateProfileInput>
