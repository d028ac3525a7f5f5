import { describe, expect, it } from 'vitest'

import { avatarKey, InvalidKeyError, isPrivateKey, isValidKey, parseAvatarKey, rawKey, sourceKey, variantKey, videoKey, type Variant, type VideoSourceExt } from './keys.ts'

const sha = 'ab' + 'cd' + '0123456789abcdef'.repeat(3) + '0123456789ab'

describe('content-addressed keys', () => {
  it('nest by the first two byte pairs of the hash', () => {
    expect(sha).toHaveLength(64)
    expect(variantKey(sha, 'large', 'webp')).toBe(`variants/ab/cd/${sha}-large.webp`)
    expect(variantKey(sha, 'original', 'jpg')).toBe(`variants/ab/cd/${sha}-original.jpg`)
    expect(rawKey(sha)).toBe(`raw/ab/cd/${sha}`)
    expect(avatarKey(sha, 96, 'webp')).toBe(`avatars/ab/cd/${sha}-96.webp`)
  })

  it('name a transcoded video by its upload’s hash, as the contract lays it out', () => {
    expect(videoKey(sha)).toBe(`video/${sha}.mp4`)
    expect(isValidKey(videoKey(sha))).toBe(true)
  })

  it('keep uploads as received private: raw/ and source/ keys, never a served one', () => {
    expect(sourceKey(sha, 'mov')).toBe(`source/${sha}.mov`)
    expect(isPrivateKey(sourceKey(sha, 'webm'))).toBe(true)
    expect(isPrivateKey(rawKey(sha))).toBe(true)
    expect(isPrivateKey(videoKey(sha))).toBe(false)
    expect(isPrivateKey(variantKey(sha, 'large', 'webp'))).toBe(false)
    expect(() => sourceKey(sha, 'exe' as VideoSourceExt)).toThrow(InvalidKeyError)
  })

  it.each(['', 'abc', sha.toUpperCase(), sha.slice(1), `${sha}0`, `../${sha.slice(3)}`, `${sha.slice(0, 62)}/x`, 'g'.repeat(64)])(
    'refuse a hash that is not 64 lowercase hex characters: %s',
    (bad) => {
      expect(() => rawKey(bad)).toThrow(InvalidKeyError)
      expect(() => variantKey(bad, 'large', 'webp')).toThrow(InvalidKeyError)
      expect(() => avatarKey(bad, 96, 'webp')).toThrow(InvalidKeyError)
      expect(() => videoKey(bad)).toThrow(InvalidKeyError)
      expect(() => sourceKey(bad, 'mp4')).toThrow(InvalidKeyError)
    },
  )

  it.each(['', '.webp', 'WEBP', 'we/bp', 'webp.', '..', 'verylongext'])('refuse a non-canonical extension: %s', (bad) => {
    expect(() => variantKey(sha, 'large', bad)).toThrow(InvalidKeyError)
    expect(() => avatarKey(sha, 96, bad)).toThrow(InvalidKeyError)
  })

  it('avatar keys carry their size and read back; other keys and odd sizes are not avatar keys', () => {
    expect(parseAvatarKey(avatarKey(sha, 320, 'webp'))).toEqual({ sha256: sha, size: 320, ext: 'webp' })
    for (const size of [0, -1, 1.5, 4097]) expect(() => avatarKey(sha, size, 'webp')).toThrow(InvalidKeyError)
    for (const bad of [variantKey(sha, 'large', 'webp'), `avatars/ab/cd/${sha}.webp`, `avatars/cd/ab/${sha}-96.webp`, `avatars/ab/cd/${sha}-096.webp`, `avatars/ab/cd/${sha}-96.webp/x`]) {
      expect(parseAvatarKey(bad), bad).toBeNull()
    }
  })

  it('refuse an unknown variant', () => {
    expect(() => variantKey(sha, 'huge' as Variant, 'webp')).toThrow(InvalidKeyError)
  })

  it('are valid blob keys; traversal and odd names are not', () => {
    expect(isValidKey(variantKey(sha, 'thumb', 'avif'))).toBe(true)
    for (const bad of ['', '..', '../a', 'a/..', 'a/../b', './a', '/a', 'a/', 'a//b', '.hidden', 'a/.tmp', 'a b', 'a\\b', 'x'.repeat(1025)]) {
      expect(isValidKey(bad), bad).toBe(false)
    }
  })
})
