// Link previews: a post, profile or tag page answered to a browser (or a crawler) as the app's
// index.html with Open Graph and Twitter card tags. Always rendered as an anonymous visitor would
// see the page, so private, blocked-from-anonymous and missing content get the plain shell: a
// preview must never carry what the link's owner could not show to a stranger.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { RESERVED_USERNAMES } from '@mosaic/validators'
import { createCaller, createContextInner, type ApiDeps } from '@mosaic/trpc'
import type { FastifyRequest } from 'fastify'

export type ShareMeta = { title: string; description: string; url: string; image: string | null; imageAlt?: string | null }

const DESCRIPTION_MAX = 200

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => entities[c]!)

/** One line, at most `max` characters, cut at a word where it can be. */
function shorten(text: string, max = DESCRIPTION_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** The page a path names, or null when it names no post, profile or tag page. */
function pageOf(pathname: string): { kind: 'post'; id: string } | { kind: 'tag'; tag: string } | { kind: 'profile'; username: string } | null {
  let parts: string[]
  try {
    parts = pathname.split('/').filter(Boolean).map(decodeURIComponent)
  } catch {
    return null
  }
  const [first, second] = parts
  if (parts.length === 2 && first === 'p' && second) return { kind: 'post', id: second }
  if (parts.length === 2 && first === 't' && second) return { kind: 'tag', tag: second }
  if (parts.length === 1 && first && /^[a-zA-Z0-9._]{1,30}$/.test(first) && !RESERVED_USERNAMES.has(first.toLowerCase())) return { kind: 'profile', username: first }
  return null
}

/** What a stranger may see of the page, as preview text; null for anything private, blocked or missing. */
export async function shareMetaFor(deps: ApiDeps, pathname: string, origin: string): Promise<ShareMeta | null> {
  const page = pageOf(pathname)
  if (!page) return null
  const anon = createCaller(await createContextInner({ deps, credentials: null }))
  const absolute = (url: string) => new URL(url, origin).href
  try {
    if (page.kind === 'post') {
      const post = await anon.post.byId({ id: page.id })
      const first = post.media[0]
      const name = post.author.displayName || post.author.username
      return {
        title: `${name} (@${post.author.username}) on Mosaic`,
        description: post.caption ? shorten(post.caption) : `${first?.kind === 'video' ? 'A video' : 'A photo'} by @${post.author.username} on Mosaic`,
        url: absolute(`/p/${post.id}`),
        image: first ? absolute(first.urls.large) : null,
        imageAlt: first?.alt ?? null,
      }
    }
    if (page.kind === 'profile') {
      const profile = await anon.user.byUsername({ username: page.username })
      if (profile.isPrivate) return null
      const counts = `${plural(profile.counts.followers, 'follower')}, ${plural(profile.counts.posts, 'post')}`
      return {
        title: `${profile.displayName || profile.username} (@${profile.username}) • Mosaic`,
        description: shorten(profile.bio ? `${counts} — ${profile.bio}` : `${counts}. See their photos on Mosaic.`),
        url: absolute(`/${profile.username}`),
        image: profile.avatar ? absolute(profile.avatar.large) : null,
      }
    }
    const summary = await anon.tag.summary({ tag: page.tag })
    if (summary.posts === 0) return null
    const top = await anon.tag.posts({ tag: summary.tag, limit: 1, mode: 'top' })
    const first = top.items[0]?.media[0]
    return {
      title: `#${summary.tag} on Mosaic`,
      description: `${plural(summary.posts, 'post')} tagged #${summary.tag}`,
      url: absolute(`/t/${encodeURIComponent(summary.tag)}`),
      image: first ? absolute(first.urls.large) : null,
      imageAlt: first?.alt ?? null,
    }
  } catch {
    // NOT_FOUND, FORBIDDEN or bad input: nothing to preview.
    return null
  }
}

/** The tags for `<head>`, every value escaped (captions and bios are anyone's text). */
export function renderShareTags(meta: ShareMeta): string {
  const tags: [string, string, string][] = [
    ['property', 'og:site_name', 'Mosaic'],
    ['property', 'og:type', 'website'],
    ['property', 'og:title', meta.title],
    ['property', 'og:description', meta.description],
    ['property', 'og:url', meta.url],
    ['name', 'twitter:card', meta.image ? 'summary_large_image' : 'summary'],
    ['name', 'twitter:title', meta.title],
    ['name', 'twitter:description', meta.description],
  ]
  if (meta.image) {
    tags.push(['property', 'og:image', meta.image], ['name', 'twitter:image', meta.image])
    if (meta.imageAlt) tags.push(['property', 'og:image:alt', meta.imageAlt], ['name', 'twitter:image:alt', meta.imageAlt])
  }
  return tags.map(([attr, key, value]) => `<meta ${attr}="${key}" content="${escapeHtml(value)}" />`).join('\n    ')
}

/** index.html with the page's title, description and card tags in its head. */
export function withShareTags(html: string, meta: ShareMeta): string {
  return html
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(meta.title)}</title>`)
    .replace(/<meta name="description" content="[^"]*"\s*\/?>/, `<meta name="description" content="${escapeHtml(meta.description)}" />`)
    .replace('</head>', `  ${renderShareTags(meta)}\n  </head>`)
}

/**
 * The handler's piece: index.html with the card tags for this request's page, or null to send the
 * plain file. The origin is PUBLIC_URL, else the request's own.
 */
export function createShareMeta(opts: { deps: ApiDeps; webDist: string; publicUrl: string | undefined }) {
  const indexFile = path.join(opts.webDist, 'index.html')
  return async function render(req: FastifyRequest): Promise<string | null> {
    const origin = opts.publicUrl ? new URL(opts.publicUrl).origin : `${req.protocol}://${req.host}`
    const meta = await shareMetaFor(opts.deps, req.url.split('?')[0] ?? '/', origin)
    if (!meta) return null
    return withShareTags(await readFile(indexFile, 'utf8'), meta)
  }
}
