import { describe, expect, it } from 'vitest'
import { stamped, stampOf, unstamped } from './stamp.ts'

const AUTHOR = '0b9a7c3e-2f4d-4e1a-9c8b-7d6e5f4a3b2c'

describe('stamped cached texts', () => {
  it('round-trips, is the same for the same text and differs for another', () => {
    const core = JSON.stringify({ id: 'p', caption: 'hi', tags: ['a'] })
    const text = stamped(core, AUTHOR)
    expect(JSON.parse(text)).toMatchObject({ id: 'p', caption: 'hi' })
    expect(unstamped(text)).toBe(core)
    expect(stampOf(text)).toMatch(new RegExp(`^[0-9a-f]{16}/${AUTHOR}$`))
    expect(stamped(core, AUTHOR)).toBe(text)
    expect(stampOf(stamped(JSON.stringify({ id: 'p', caption: 'hj', tags: ['a'] }), AUTHOR))).not.toBe(stampOf(text))
    expect(stampOf(stamped('{"username":"a"}'))).toMatch(/^[0-9a-f]{16}$/)
  })

  it('finds no stamp in a text without one, or one a caption tries to forge', () => {
    expect(unstamped('{"id":"p"}')).toBeNull()
    expect(stampOf('{"id":"p"}')).toBeNull()
    expect(stampOf('')).toBeNull()
    // A caption ending like a stamp is escaped by JSON: it cannot pass for one.
    const forged = JSON.stringify({ caption: `x","~":"0123456789abcdef` })
    expect(stampOf(forged)).toBeNull()
    expect(unstamped(stamped(forged))).toBe(forged)
    expect(stampOf('{"a":1,"~":"0123456789abcdeg"}')).toBeNull()
  })
})
