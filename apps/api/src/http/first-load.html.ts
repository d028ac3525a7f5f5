// What the server writes into index.html for a signed-in viewer's first load of the feed: the data
// the app would ask for first (as JSON the app seeds its query cache from), a preload of the first
// photo, and that photo drawn in the frame so it paints before the script has run. Every value is
// someone's text or a URL: the JSON is escaped so nothing in it can close the script element, and
// attributes are HTML-escaped.
import type { RouterInputs, RouterOutputs } from '@mosaic/trpc'
import { escapeHtml } from './share-meta.ts'

/** The id of the `<script type="application/json">` the web app reads (apps/web/src/lib/firstLoad.ts). */
export const FIRST_LOAD_ELEMENT_ID = 'mosaic-first-load'
/** The id of the server-drawn first photo, which the app lets paint before it renders (apps/web/src/main.tsx). */
export const FIRST_PHOTO_ELEMENT_ID = 'mosaic-first-photo'

export type FirstLoad = {
  me: NonNullable<RouterOutputs['auth']['me']>
  limits: RouterOutputs['meta']['limits']
  feed: { input: RouterInputs['feed']['home']; page: RouterOutputs['feed']['home'] }
}

type Media = RouterOutputs['feed']['home']['items'][number]['media'][number]

// The feed card's photo, as the app draws it (features/posts/MediaImage.tsx and feed/FeedCard.tsx):
// the same candidates and sizes, so the browser picks the same file once for the preload, the
// server-drawn photo and React's.
const FEED_SIZES = '(max-width: 767px) 100vw, 470px'
const srcsetOf = (m: Media) => `${m.urls.thumb} 320w, ${m.urls.small} 640w, ${m.urls.large} 1080w`

// The frame's post-shaped placeholder in index.html (apps/web/index.html): the first photo takes its place.
const PHOTO_PLACEHOLDER = '<div class="aspect-square w-full bg-neutral-100 md:rounded-md"></div>'

/**
 * JSON that is safe inside a `<script>` element: `<`, `>` and `&` (and the two line separators
 * JavaScript once disallowed in strings) become `\uXXXX` escapes, which JSON.parse reads back as
 * the same characters, so no `</script>` or `<!--` can appear in the element's text.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** The feed's first photo, when the first post starts with a photo (a video has no preload here). */
function firstPhoto(data: FirstLoad): { media: Media; alt: string } | null {
  const post = data.feed.page.items[0]
  const media = post?.media[0]
  if (!post || !media || media.kind !== 'image') return null
  return { media, alt: media.alt ?? `Photo by ${post.author.username}` }
}

/**
 * index.html for this viewer in two parts, so the first can be sent while the data is read: the
 * head and the frame up to its post placeholder (the app's code deferred, see below), then the
 * rest, written by `renderRest`. Null when index.html has no placeholder or names its code otherwise.
 */
export function splitShell(html: string): { head: string; rest: string } | null {
  const at = html.indexOf(PHOTO_PLACEHOLDER)
  const head = at < 0 ? null : deferAppCode(html.slice(0, at))
  return head ? { head, rest: html.slice(at) } : null
}

/**
 * The rest of the page: the first photo (with its preload) in place of the frame's placeholder,
 * and the data before `</body>`. Without data (it failed), the page as the app would load it.
 */
export function renderRest(rest: string, data: FirstLoad | null): string {
  if (!data) return rest
  const photo = firstPhoto(data)
  let out = rest
  if (photo) {
    const { media, alt } = photo
    const srcset = escapeHtml(srcsetOf(media))
    const preload = `<link rel="preload" as="image" fetchpriority="high" href="${escapeHtml(media.urls.small)}" imagesrcset="${srcset}" imagesizes="${FEED_SIZES}" />`
    const img = `<img id="${FIRST_PHOTO_ELEMENT_ID}" src="${escapeHtml(media.urls.small)}" srcset="${srcset}" sizes="${FEED_SIZES}" width="${media.width}" height="${media.height}" alt="${escapeHtml(alt)}" fetchpriority="high" class="w-full md:rounded-md" />`
    out = out.replace(PHOTO_PLACEHOLDER, `${preload}${img}`)
  }
  const json = `<script type="application/json" id="${FIRST_LOAD_ELEMENT_ID}">${scriptSafeJson(data)}</script>`
  return out.replace('</body>', `  ${json}\n  </body>`)
}

/**
 * The app's code is not needed for the first paint (the frame and the photo are in the HTML): its
 * module script and preloads are named for /load-app.js (apps/web/public), which loads them once
 * the photo has arrived, instead of sharing the connection with it. Null when the head does not
 * name the code as expected.
 */
function deferAppCode(html: string): string | null {
  let script = false
  const out = html
    .replace(/<script type="module" crossorigin src="([^"]+)"><\/script>/, (_, src: string) => ((script = true), `<meta name="mosaic-app-script" content="${src}" />`))
    .replace(/<link rel="modulepreload" crossorigin href="([^"]+)">/g, (_, href: string) => `<meta name="mosaic-app-preload" content="${href}" />`)
  return script && out.includes('</head>') ? out.replace('</head>', '  <script src="/load-app.js" defer></script>\n  </head>') : null
}
