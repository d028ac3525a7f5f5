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

/** index.html for this viewer: the preload in `<head>`, the first photo in the frame, the data before `</body>`. */
export function renderFirstLoad(html: string, data: FirstLoad): string {
  const photo = firstPhoto(data)
  let out = html
  if (photo) {
    const { media, alt } = photo
    const srcset = escapeHtml(srcsetOf(media))
    const preload = `<link rel="preload" as="image" fetchpriority="high" href="${escapeHtml(media.urls.small)}" imagesrcset="${srcset}" imagesizes="${FEED_SIZES}" />`
    // Before the stylesheet and the scripts, so the photo is asked for first.
    out = out.replace(/<title>/, `${preload}\n    <title>`)
    const img = `<img id="${FIRST_PHOTO_ELEMENT_ID}" src="${escapeHtml(media.urls.small)}" srcset="${srcset}" sizes="${FEED_SIZES}" width="${media.width}" height="${media.height}" alt="${escapeHtml(alt)}" fetchpriority="high" class="w-full md:rounded-md" />`
    out = out.replace(PHOTO_PLACEHOLDER, img)
  }
  // The app's code is not needed for the first paint (the frame and the photo are in the HTML): it
  // loads once the photo has (apps/web/public/load-app.js) instead of sharing the connection with it.
  if (photo) out = deferAppCode(out)
  const json = `<script type="application/json" id="${FIRST_LOAD_ELEMENT_ID}">${scriptSafeJson(data)}</script>`
  return out.replace('</body>', `  ${json}\n  </body>`)
}

/** Index.html's module script and preloads, named for load-app.js to load after the first photo. */
function deferAppCode(html: string): string {
  let script = false
  const out = html
    .replace(/<script type="module" crossorigin src="([^"]+)"><\/script>/, (_, src: string) => ((script = true), `<meta name="mosaic-app-script" content="${src}" />`))
    .replace(/<link rel="modulepreload" crossorigin href="([^"]+)">/g, (_, href: string) => `<meta name="mosaic-app-preload" content="${href}" />`)
  // Unless index.html names its code as expected, it is left to load as it does.
  return script ? out.replace('</head>', '  <script src="/load-app.js" defer></script>\n  </head>') : html
}
