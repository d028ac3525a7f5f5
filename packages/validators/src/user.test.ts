import { describe, expect, it } from 'vitest'
import { signUpInput } from './auth.ts'
import { updateProfileInput } from './user.ts'

const RLO = '\u202E' // right-to-left override: "abc\u202Egpj.exe" reads as "abcexe.jpg"
const hidden = [RLO, '\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u200B', '\u200C', '\u2060', '\uFEFF']

describe('display names and bios', () => {
  it('refuses text-direction overrides and zero-width characters in a display name, at sign-up and on update', () => {
    for (const ch of hidden) {
      expect(updateProfileInput.safeParse({ displayName: `Ali${ch}ce` }).success, `U+${ch.codePointAt(0)!.toString(16)}`).toBe(false)
      expect(signUpInput.safeParse({ username: 'alice', email: 'a@example.test', password: 'long enough pw', displayName: `Al${ch}ice` }).success).toBe(false)
    }
    expect(updateProfileInput.safeParse({ displayName: 'Ali\nce' }).success).toBe(false)
  })

  it('refuses the same characters in a bio, but keeps its line breaks', () => {
    expect(updateProfileInput.safeParse({ bio: `photos ${RLO}gpj.exe` }).success).toBe(false)
    expect(updateProfileInput.safeParse({ bio: 'zero\u200Bwidth' }).success).toBe(false)
    expect(updateProfileInput.safeParse({ bio: 'line one\nline two' }).success).toBe(true)
  })

  it('keeps names in any script, emoji and emoji sequences joined by ZWJ', () => {
    for (const name of ['Zoë Müller', 'محمد علي', 'שלום', '山田 太郎', 'Ana 📷', 'Family 👨\u200D👩\u200D👧', 'Flag 🏳️\u200D🌈']) {
      expect(updateProfileInput.safeParse({ displayName: name }).success, name).toBe(true)
    }
  })
})
