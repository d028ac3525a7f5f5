/**
 * Media of private accounts comes with signed URLs that expire within minutes
 * (`SIGNED_URL_TTL_SECONDS` on the server). These read that expiry; public URLs have none.
 */

/** Seconds before a media URL stops working: Infinity for a public (unsigned) one. */
export function secondsLeft(url: string, now: number = Date.now()): number {
  const exp = /[?&]exp=(\d+)&sig=/.exec(url)?.[1]
  return exp === undefined ? Infinity : Number(exp) - now / 1000
}

// Fetch fresh URLs this long before the old ones run out, so a photo scrolled into view or
// resized (a larger rendition from the srcset) at the last moment still loads.
const MARGIN_SECONDS = 30

export const isSigned = (url: string) => secondsLeft(url) !== Infinity

export const expiresSoon = (url: string, now: number = Date.now()) => secondsLeft(url, now) < MARGIN_SECONDS
