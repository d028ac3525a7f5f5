import { parseTags } from '../posts/caption.ts'

/** What a search.posts query asks for: words to match, and the filters written into it. */
export type PostQuery = {
  /** The words, as typed (full-text matched: all of them, in any order). */
  words: string
  /** `#tag`: only posts carrying every one of these tags. */
  tags: string[]
  /** `from:me`: only the viewer's own posts. */
  fromMe: boolean
}

const FROM_ME = /^from:me$/i
// A word is worth sending to the full-text parser only if it holds a letter or a digit.
const MATCHABLE = /[\p{L}\p{N}]/u

export function parsePostQuery(q: string): PostQuery {
  const words: string[] = []
  const tags = new Set<string>()
  let fromMe = false
  for (const token of q.split(/\s+/u).filter(Boolean)) {
    if (FROM_ME.test(token)) fromMe = true
    else if (token.startsWith('#')) for (const tag of parseTags(token)) tags.add(tag)
    else if (MATCHABLE.test(token)) words.push(token)
  }
  return { words: words.join(' '), tags: [...tags], fromMe }
}

/** `@Ada.Park ` → `ada.park`: usernames are stored lower-case; an @ is how people type them. */
export const userQuery = (q: string) => q.trim().replace(/^@+/, '').toLowerCase()

/** `#Sun` → `sun`, or null when nothing in it could start a tag. */
export function tagPrefix(q: string): string | null {
  const t = q.trim().replace(/^#+/, '').toLowerCase()
  return /^[\p{L}\p{N}_]{1,64}$/u.test(t) ? t : null
}

/**
 * Bounds for a prefix range on a text_pattern_ops index (`col ~>=~ lo and col ~<~ hi`): written as a
 * range rather than LIKE so that a prepared statement's plan uses the index whatever the prefix, and
 * no character of it is a wildcard.
 */
export const prefixRange = (prefix: string) => ({ lo: prefix, hi: `${prefix}\u{10FFFF}` })
