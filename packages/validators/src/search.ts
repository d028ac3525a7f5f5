import { z } from 'zod'
import { cursorSchema, limitSchema } from './pagination.ts'

/** Longest search text accepted; a longer one is a BAD_REQUEST, never silently cut. */
export const SEARCH_QUERY_MAX = 100

// Any text is a fair question (what is typed into the box as it is typed); the server decides what
// in it can match. Empty (after trimming) or over the maximum is refused.
const query = z.string().trim().min(1, 'Type something to search for').max(SEARCH_QUERY_MAX, `Searches are at most ${SEARCH_QUERY_MAX} characters`)

export const searchUsersInput = z.object({ q: query, limit: limitSchema(50, 10) })
/** People to @mention while typing: `q` is what follows the @ (a username prefix). */
export const searchMentionsInput = z.object({ q: query, limit: limitSchema(20, 6) })
export const searchTagsInput = z.object({ q: query, limit: limitSchema(50, 10) })
/** `from:me` and `#tag` in `q` are filters; the other words are matched in full text. */
export const searchPostsInput = z.object({ q: query, cursor: cursorSchema, limit: limitSchema(50, 24) })
