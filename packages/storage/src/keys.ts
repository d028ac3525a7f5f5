// Blob keys: the one place that decides what a key may look like and how content-addressed keys are laid out.
// Both drivers validate every key with `assertKey`, so a key that is safe for one is safe for the other.

export class InvalidKeyError extends Error {
  override readonly name = 'InvalidKeyError'
}

// Segments start with a letter or digit, which rules out '', '.', '..' and dot-files (the fs driver keeps its
// temp files in `.tmp/`). The narrow alphabet keeps keys identical on every filesystem and needs no URL escaping.
const SEGMENT = '[A-Za-z0-9][A-Za-z0-9._-]*'
const KEY_RE = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`)
const PREFIX_RE = new RegExp(`^(?:${SEGMENT}/)*(?:${SEGMENT})?$`)
const MAX_KEY_LENGTH = 1024 // S3's limit, in bytes; keys are ASCII so bytes = chars

export const SEGMENT_RE = new RegExp(`^${SEGMENT}$`)

export function isValidKey(key: string): boolean {
  return key.length <= MAX_KEY_LENGTH && KEY_RE.test(key)
}

export function assertKey(key: string): void {
  if (typeof key !== 'string' || !isValidKey(key)) {
    throw new InvalidKeyError(`invalid blob key ${JSON.stringify(key)}: expected '/'-separated [A-Za-z0-9._-] segments`)
  }
}

/** A list prefix: whole segments each followed by '/', then optionally the start of one more segment. */
export function assertPrefix(prefix: string): void {
  if (typeof prefix !== 'string' || prefix.length > MAX_KEY_LENGTH || !PREFIX_RE.test(prefix)) {
    throw new InvalidKeyError(`invalid blob key prefix ${JSON.stringify(prefix)}`)
  }
}

const SHA256_RE = /^[0-9a-f]{64}$/
// Lowercase and dot-less only: one canonical spelling per blob, or dedup by hash would miss 'JPG' vs 'jpg'.
const EXT_RE = /^[a-z0-9]{1,8}$/
// `story` is the 9:16 size rendered only for stories (see @mosaic/media's render.ts).
export const VARIANTS = ['thumb', 'small', 'large', 'original', 'story'] as const
export type Variant = (typeof VARIANTS)[number]

function assertSha256(sha256: string): void {
  if (typeof sha256 !== 'string' || !SHA256_RE.test(sha256)) {
    throw new InvalidKeyError(`invalid sha256 ${JSON.stringify(sha256)}: expected 64 lowercase hex characters`)
  }
}

function assertExt(ext: string): void {
  if (typeof ext !== 'string' || !EXT_RE.test(ext)) {
    throw new InvalidKeyError(`invalid extension ${JSON.stringify(ext)}: expected lowercase letters/digits without a dot`)
  }
}

// Two levels of two hex characters cap any directory at 256 entries until the leaves, which stay small for
// millions of blobs, and map one-to-one onto S3 prefixes.
function fanOut(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}`
}

/** `variants/ab/cd/<sha256>-large.webp`: a rendered size of the photo whose original hashes to `sha256`. */
export function variantKey(sha256: string, variant: Variant, ext: string): string {
  assertSha256(sha256)
  if (!VARIANTS.includes(variant)) throw new InvalidKeyError(`invalid variant ${JSON.stringify(variant)}`)
  assertExt(ext)
  return `variants/${fanOut(sha256)}/${sha256}-${variant}.${ext}`
}

/**
 * `raw/ab/cd/<sha256>`: where versions before migration 0009 kept the bytes as uploaded (they may carry
 * EXIF/GPS). Nothing is written there now; the sweep deletes what is left, and /media never serves it.
 */
export function rawKey(sha256: string): string {
  assertSha256(sha256)
  return `raw/${fanOut(sha256)}/${sha256}`
}

/**
 * `video/<sha256>.mp4`: the served MP4 transcoded from the video whose upload hashes to `sha256`
 * (the worker's `media.transcode` writes it).
 */
export function videoKey(sha256: string): string {
  assertSha256(sha256)
  return `video/${sha256}.mp4`
}

// An avatar size is a whole number of pixels a side: small enough to read at a glance in a key.
const AVATAR_SIZE_MAX = 4096
const AVATAR_KEY_RE = /^avatars\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})-(\d{1,4})\.([a-z0-9]{1,8})$/

function assertAvatarSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 1 || size > AVATAR_SIZE_MAX) throw new InvalidKeyError(`invalid avatar size ${JSON.stringify(size)}`)
}

/** `avatars/ab/cd/<sha256>-96.webp`: one size of the avatar whose rendering hashes to `sha256`. */
export function avatarKey(sha256: string, size: number, ext: string): string {
  assertSha256(sha256)
  assertAvatarSize(size)
  assertExt(ext)
  return `avatars/${fanOut(sha256)}/${sha256}-${size}.${ext}`
}

/** The parts of an avatar key, or null when `key` is not one `avatarKey` builds. */
export function parseAvatarKey(key: string): { sha256: string; size: number; ext: string } | null {
  const m = AVATAR_KEY_RE.exec(key)
  if (!m || m[1]!.slice(0, 2) !== key.slice(8, 10) || m[1]!.slice(2, 4) !== key.slice(11, 13)) return null
  const size = Number(m[2])
  if (String(size) !== m[2] || size < 1 || size > AVATAR_SIZE_MAX) return null
  return { sha256: m[1]!, size, ext: m[3]! }
}

/** The containers a video upload may arrive in, which name its source key's extension. */
export const VIDEO_SOURCE_EXTS = ['mp4', 'mov', 'webm'] as const
export type VideoSourceExt = (typeof VIDEO_SOURCE_EXTS)[number]

/**
 * `source/<sha256>.mov`: a video as uploaded, kept only as the transcode's source. It may carry the
 * GPS position and other metadata, so /media never serves anything under `source/`.
 */
export function sourceKey(sha256: string, ext: VideoSourceExt): string {
  assertSha256(sha256)
  if (!VIDEO_SOURCE_EXTS.includes(ext)) throw new InvalidKeyError(`invalid video source extension ${JSON.stringify(ext)}`)
  return `source/${sha256}.${ext}`
}

/**
 * Prefixes /media never serves, signed or not: blobs that may carry what the uploader did not mean
 * to publish, and data exports (`exports/<id>.zip`, served only to their owner by the API's /exports route).
 */
export const PRIVATE_PREFIXES = ['raw/', 'source/', 'exports/'] as const

export const isPrivateKey = (key: string) => PRIVATE_PREFIXES.some((p) => key.startsWith(p))
