// #tags and @mentions inside captions and comments. Tags are lower-cased and deduplicated;
// a tag is letters, digits and underscores (any script), as on other networks.
const TAG = /(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]{1,64})/gu
const MENTION = /(?:^|[^\p{L}\p{N}_.@])@([a-z0-9._]{3,30})/giu

export function parseTags(text: string): string[] {
  return [...new Set([...text.matchAll(TAG)].map((m) => m[1]!.toLowerCase()))]
}

export function parseMentions(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((m) => m[1]!.toLowerCase().replace(/\.+$/, '')))]
}

/** Explicit tags (comma separated, with or without '#') merged with the caption's. */
export function mergeTags(caption: string, explicit: string | undefined): string[] {
  const extra = (explicit ?? '')
    .split(',')
    .map((t) => t.trim().replace(/^#+/, '').toLowerCase())
    .filter((t) => /^[\p{L}\p{N}_]{1,64}$/u.test(t))
  return [...new Set([...parseTags(caption), ...extra])].slice(0, 30)
}
