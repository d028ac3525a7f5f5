import { z } from 'zod'

// Names that are also routes of the web app, so a profile URL can never shadow a page.
export const RESERVED_USERNAMES = new Set([
  'admin', 'api', 'explore', 'media', 'new', 'notifications', 'settings', 'signin', 'signup',
  'signout', 'p', 't', 'tags', 'search', 'trpc', 'healthz', 'readyz', 'metrics', 'stories', 'requests',
])

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'Usernames are at least 3 characters')
  .max(30, 'Usernames are at most 30 characters')
  .regex(/^[a-z0-9._]+$/, 'Use only letters, numbers, periods and underscores')
  .refine((u) => !u.startsWith('.') && !u.endsWith('.') && !u.includes('..'), 'Periods cannot start, end or repeat')
  .refine((u) => !RESERVED_USERNAMES.has(u), 'That username is reserved')

export const emailSchema = z.string().trim().toLowerCase().max(254, 'That email is too long').pipe(z.email('Enter a valid email address'))

export const passwordSchema = z
  .string()
  .min(8, 'Passwords are at least 8 characters')
  .max(256, 'Passwords are at most 256 characters')

// Text-direction controls (U+202A–202E overrides, U+2066–2069 isolates, LRM/RLM/ALM) make a name
// read differently from what it is ("abc\u202Egpj.exe"), and zero-width characters make two names
// look the same. A zero-width joiner is kept only inside an emoji sequence (👨‍👩‍👧).
const HIDDEN_CHARACTERS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B\u200C\u2060-\u2064\uFEFF\u180E]|(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/u

/** True when text has no direction overrides or invisible characters (see HIDDEN_CHARACTERS). */
export const hasNoHiddenCharacters = (text: string) => !HIDDEN_CHARACTERS.test(text)

export const displayNameSchema = z
  .string()
  .trim()
  .max(50, 'Names are at most 50 characters')
  .refine((name) => hasNoHiddenCharacters(name) && !/\p{Cc}/u.test(name), 'Names cannot contain invisible or text-direction characters')

export const signUpInput = z.object({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema.optional(),
})
export type SignUpInput = z.infer<typeof signUpInput>

export const signInInput = z.object({
  login: z.string().trim().toLowerCase().min(1, 'Enter your username or email').max(254),
  password: z.string().min(1, 'Enter your password').max(256),
})
export type SignInInput = z.infer<typeof signInInput>
