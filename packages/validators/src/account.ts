import { z } from 'zod'
import { emailSchema, passwordSchema } from './auth.ts'

// Account settings and password reset (auth.changePassword, auth.revokeSession, user.changeEmail…).

export const changePasswordInput = z.object({
  oldPassword: z.string().min(1, 'Enter your current password').max(256),
  newPassword: passwordSchema,
})
export type ChangePasswordInput = z.infer<typeof changePasswordInput>

export const sessionIdInput = z.object({ id: z.uuid('That is not a session id') })

export const requestPasswordResetInput = z.object({ email: emailSchema })
export type RequestPasswordResetInput = z.infer<typeof requestPasswordResetInput>

export const resetPasswordInput = z.object({
  token: z.string().min(1, 'This reset link is incomplete').max(128),
  newPassword: passwordSchema,
})
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>

export const changeEmailInput = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password').max(256),
})
export type ChangeEmailInput = z.infer<typeof changeEmailInput>
