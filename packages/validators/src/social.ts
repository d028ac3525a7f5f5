import { z } from 'zod'
import { cursorSchema, limitSchema } from './pagination.ts'
import { usernameLookup } from './user.ts'

export const usernameInput = z.object({ username: usernameLookup })
export const edgeListInput = z.object({ username: usernameLookup, cursor: cursorSchema, limit: limitSchema(50, 20) })
export const pageOnlyInput = z.object({ cursor: cursorSchema, limit: limitSchema(50, 20) }).default({ limit: 20 })

export const MAX_COMMENT = 2200
export const commentText = z.string().trim().min(1, 'Write something first').max(MAX_COMMENT, `Comments are at most ${MAX_COMMENT} characters`)
export const addCommentInput = z.object({ postId: z.uuid('That post does not exist'), text: commentText })
export const listCommentsInput = z.object({ postId: z.uuid('That post does not exist'), cursor: cursorSchema, limit: limitSchema(50, 20) })
export const idInput = z.object({ id: z.uuid('Not a valid id') })
export const likersInput = z.object({ id: z.uuid('That post does not exist'), cursor: cursorSchema, limit: limitSchema(50, 20) })
export const markReadInput = z.object({ upTo: z.uuid().optional() }).default({})

export const feedHomeInput = z
  .object({ cursor: cursorSchema, limit: limitSchema(50, 20), mode: z.enum(['top', 'latest']).default('top') })
  .default({ limit: 20, mode: 'top' })
export const suggestionsInput = z.object({ limit: z.number().int().min(1).max(50).default(10) }).default({ limit: 10 })
