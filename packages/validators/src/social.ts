import { z } from 'zod'
import { perLimits, WIDEST_LIMITS } from './limits.ts'
import { cursorSchema, limitSchema } from './pagination.ts'
import { usernameLookup } from './user.ts'

export const usernameInput = z.object({ username: usernameLookup })
export const edgeListInput = z.object({ username: usernameLookup, cursor: cursorSchema, limit: limitSchema(50, 20) })
export const pageOnlyInput = z.object({ cursor: cursorSchema, limit: limitSchema(50, 20) }).default({ limit: 20 })

// `…For(limits)` checks the limits in force (the server); the plain schema the widest an operator may configure.
export const commentTextFor = perLimits((l) => z.string().trim().min(1, 'Write something first').max(l.commentLength, `Comments are at most ${l.commentLength} characters`))
// `parentId` makes it a reply; a reply to a reply joins its top-level comment's thread (one level).
export const addCommentInputFor = perLimits((l) =>
  z.object({ postId: z.uuid('That post does not exist'), text: commentTextFor(l), parentId: z.uuid('That comment does not exist').nullish() }),
)
export const commentText = commentTextFor(WIDEST_LIMITS)
export const addCommentInput = addCommentInputFor(WIDEST_LIMITS)
export const listCommentsInput = z.object({ postId: z.uuid('That post does not exist'), cursor: cursorSchema, limit: limitSchema(50, 20) })
export const commentRepliesInput = z.object({ commentId: z.uuid('That comment does not exist'), cursor: cursorSchema, limit: limitSchema(50, 20) })
export const idInput = z.object({ id: z.uuid('Not a valid id') })
export const likersInput = z.object({ id: z.uuid('That post does not exist'), cursor: cursorSchema, limit: limitSchema(50, 20) })
export const markReadInput = z.object({ upTo: z.uuid().optional() }).default({})

export const feedHomeInput = z
  .object({ cursor: cursorSchema, limit: limitSchema(50, 20), mode: z.enum(['top', 'latest']).default('top') })
  .default({ limit: 20, mode: 'top' })
/** The most suggestions one request may ask for (the server keeps this many per person). */
export const SUGGESTIONS_MAX = 50
export const suggestionsInput = z.object({ limit: z.number().int().min(1).max(SUGGESTIONS_MAX).default(10) }).default({ limit: 10 })
