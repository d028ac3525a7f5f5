// Every upload and text limit, written once: its default and the bounds an operator may set it
// within. The server reads overrides from its environment within these bounds and enforces the
// configured value; the web app asks `meta.limits` for the values in force.

/** The limits in force, as `meta.limits` answers them. */
export type Limits = {
  /** Files in one post. */
  filesPerPost: number
  /** Bytes per photo file (decimal: MAX_UPLOAD_MB × 10^6). */
  maxFileBytes: number
  /** Decoded pixels per photo, in megapixels (decompression bombs). */
  maxMegapixels: number
  captionLength: number
  commentLength: number
  altLength: number
  /** Video files in one post (of at most `filesPerPost` files). */
  videosPerPost: number
  /** Bytes per video file (decimal: MAX_VIDEO_MB × 10^6). */
  maxVideoBytes: number
  /** Seconds per clip. */
  videoMaxSeconds: number
  /** Seconds per clip in a story. */
  storyVideoMaxSeconds: number
  /** The longer side of a clip's frame, in pixels (4K: 4096). */
  videoMaxDimension: number
}

type Bound = { default: number; min: number; max: number }

/** Defaults and the range each may be configured within. */
export const LIMIT_BOUNDS = {
  filesPerPost: { default: 10, min: 1, max: 10 },
  maxFileBytes: { default: 25e6, min: 1e6, max: 200e6 },
  maxMegapixels: { default: 100, min: 1, max: 1000 },
  captionLength: { default: 2200, min: 1, max: 10_000 },
  commentLength: { default: 2200, min: 1, max: 10_000 },
  altLength: { default: 1000, min: 1, max: 5000 },
  videosPerPost: { default: 4, min: 0, max: 10 },
  maxVideoBytes: { default: 200e6, min: 1e6, max: 2000e6 },
  videoMaxSeconds: { default: 60, min: 1, max: 600 },
  storyVideoMaxSeconds: { default: 15, min: 1, max: 60 },
  videoMaxDimension: { default: 4096, min: 320, max: 8192 },
} as const satisfies Record<keyof Limits, Bound>

const each = (pick: (b: Bound) => number) => Object.fromEntries(Object.entries(LIMIT_BOUNDS).map(([k, b]) => [k, pick(b)])) as Limits

export const DEFAULT_LIMITS: Limits = each((b) => b.default)

/**
 * The most an operator may allow. Static input schemas are built for these, so no configuration
 * is refused at the door; the server then checks input against the limits in force.
 */
export const WIDEST_LIMITS: Limits = each((b) => b.max)

/**
 * A schema factory memoised per limits object: the server's limits are one object for the life of
 * the process, so each schema is built once, not per request.
 */
export function perLimits<T>(build: (limits: Limits) => T): (limits: Limits) => T {
  const built = new WeakMap<Limits, T>()
  return (limits) => {
    let value = built.get(limits)
    if (value === undefined) built.set(limits, (value = build(limits)))
    return value
  }
}

/** The image pipeline's two limits (`@mosaic/media`'s MediaLimits), in bytes and pixels. */
export const imageLimitsOf = (limits: Pick<Limits, 'maxFileBytes' | 'maxMegapixels'>) => ({ maxBytes: limits.maxFileBytes, maxPixels: limits.maxMegapixels * 1e6 })

/** The video pipeline's limits (`@mosaic/media`'s VideoLimits), in bytes, milliseconds and pixels. */
export const videoLimitsOf = (limits: Pick<Limits, 'maxVideoBytes' | 'videoMaxSeconds' | 'videoMaxDimension'>, opts: { story?: boolean; storyMaxSeconds?: number } = {}) => ({
  maxBytes: limits.maxVideoBytes,
  maxDurationMs: (opts.story && opts.storyMaxSeconds ? Math.min(opts.storyMaxSeconds, limits.videoMaxSeconds) : limits.videoMaxSeconds) * 1000,
  maxDimension: limits.videoMaxDimension,
})
