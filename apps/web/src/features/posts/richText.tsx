import { Fragment, type ReactNode } from 'react'
import { Link } from 'react-router'

export type Segment = { kind: 'text'; text: string } | { kind: 'tag'; text: string; tag: string } | { kind: 'mention'; text: string; username: string }

// The same rules the server uses to find #tags and @mentions (packages/core/src/posts/caption.ts):
// a tag is letters, digits and underscores in any script; a mention is a username.
const TOKEN = /(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]{1,64})|(?<![\p{L}\p{N}_.@])@([a-z0-9._]{3,30})/giu

/** Splits text into plain runs, #tags and @mentions, keeping every character in order. */
export function segment(text: string): Segment[] {
  const out: Segment[] = []
  let last = 0
  const push = (s: string) => {
    if (!s) return
    const prev = out[out.length - 1]
    if (prev?.kind === 'text') prev.text += s
    else out.push({ kind: 'text', text: s })
  }
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index
    push(text.slice(last, start))
    if (match[1] !== undefined) {
      out.push({ kind: 'tag', text: match[0], tag: match[1].toLowerCase() })
      last = start + match[0].length
    } else {
      // A username never ends in a dot: "@ana." is a mention of ana, then a full stop.
      const name = (match[2] ?? '').replace(/\.+$/, '')
      if (name.length < 1) {
        push(match[0])
      } else {
        out.push({ kind: 'mention', text: `@${name}`, username: name.toLowerCase() })
        push(match[0].slice(name.length + 1))
      }
      last = start + match[0].length
    }
  }
  push(text.slice(last))
  return out
}

const linkClass = 'font-medium text-accent-700 hover:underline'

/** Text with its #tags linked to the tag page and its @mentions to the person's profile. */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {segment(text).map((s, i) => (
        <Fragment key={i}>
          {s.kind === 'text' ? (
            s.text
          ) : s.kind === 'tag' ? (
            <Link to={`/t/${encodeURIComponent(s.tag)}`} className={linkClass}>
              {s.text}
            </Link>
          ) : (
            <Link to={`/${s.username}`} className={linkClass}>
              {s.text}
            </Link>
          )}
        </Fragment>
      ))}
    </>
  )
}

/** Someone's words (a caption, a comment): their username, linked to their profile, then the text. */
export function AuthoredText({ username, text, className = '', children }: { username: string; text: string; className?: string; children?: ReactNode }) {
  return (
    <p className={`min-w-0 text-sm leading-relaxed break-words whitespace-pre-line text-neutral-900 ${className}`}>
      <Link to={`/${username}`} className="mr-1.5 font-semibold hover:text-neutral-600">
        {username}
      </Link>
      <RichText text={text} />
      {children}
    </p>
  )
}
