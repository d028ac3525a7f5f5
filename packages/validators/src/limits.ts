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
} as const satisfies Record<keyof Limits, Bound>

export const DEFAULT_LIMITS: Limits = Object.fromEntries(Object.entries(LIMIT_BOUNDS).map(([k, b]) => [k, b.default])) as Limits
