import { z } from 'zod'
import { jsonField } from './form.ts'
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

// No side of an image we accept is longer than this (JPEG's limit), so neither is a crop of one.
const CROP_MAX = 65535
const cropNumber = z.number().int('Crop values are whole pixels').min(0).max(CROP_MAX)

/** A square in the upright photo: its top-left corner and its side, in pixels. */
export const avatarCropSchema = z.object({ x: cropNumber, y: cropNumber, size: cropNumber.min(1) }).strict()
export type AvatarCropInput = z.infer<typeof avatarCropSchema>

/** The text fields of user.setAvatar's FormData: `crop` arrives as a JSON string. */
export const avatarFormFields = z.object({
  crop: jsonField(avatarCropSchema, { maxLength: 200, message: 'crop must be JSON: {"x", "y", "size"}' }),
})

/** user.deleteAccount: the account's current password, checked as sign-in checks it. */
export const deleteAccountInput = z.object({ password: z.string().min(1, 'Enter your password').max(256) }).strict()
export type DeleteAccountInput = z.infer<typeof deleteAccountInput>
