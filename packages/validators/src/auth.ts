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

export const displayNameSchema = z.string().trim().max(50, 'Names are at most 50 characters')

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
