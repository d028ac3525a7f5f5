import { createHash } from 'node:crypto'

// A cached JSON object (a post's core, an author summary) carries its stamp as its last member,
// `"~":"<16 hex of its text's sha256>[/<author id>]"`: a script reads a text's last bytes
// (GETRANGE) to learn whether it changed, without copying the whole text, and a post's author id
// rides along. Two writers of the same text write the same stamp. A text without one (cached by an
// older version) is read as a miss and written again.

const MARK = ',"~":"'
const STAMP = /^[0-9a-f]{16}(\/[0-9a-f-]{36})?$/

/** `json` (a non-empty object's text) with its stamp, and the author id after it when given. */
export function stamped(json: string, authorId?: string): string {
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 16)
  return `${json.slice(0, -1)}${MARK}${hash}${authorId ? `/${authorId}` : ''}"}`
}

/** A stamped text split into the object's text as it was before `stamped` and its stamp (with the author id, if it has one); null when it carries none. */
export function splitStamped(text: string): { json: string; stamp: string } | null {
  const at = text.lastIndexOf(MARK)
  if (at === -1 || !text.endsWith('"}')) return null
  const stamp = text.slice(at + MARK.length, -2)
  return STAMP.test(stamp) ? { json: `${text.slice(0, at)}}`, stamp } : null
}

/** The object's text as it was before `stamped`, or null when it carries no stamp. */
export const unstamped = (text: string): string | null => splitStamped(text)?.json ?? null

/** Its stamp (with the author id, if it has one), or null. */
export const stampOf = (text: string): string | null => splitStamped(text)?.stamp ?? null
