import { describe, expect, it } from 'vitest'
import { parsePostQuery, prefixRange, tagPrefix, userQuery } from './query.ts'

describe('search queries as typed', () => {
  it('takes #tags and from:me out of the words, wherever they stand', () => {
    expect(parsePostQuery('  Sunset #Beach from:me  #beach, Lisboa ')).toEqual({ words: 'Sunset Lisboa', tags: ['beach'], fromMe: true })
    expect(parsePostQuery('FROM:ME')).toEqual({ words: '', tags: [], fromMe: true })
    expect(parsePostQuery('from:you café')).toEqual({ words: 'from:you café', tags: [], fromMe: false })
  })

  it('drops what cannot match anything: lone punctuation, a bare #', () => {
    expect(parsePostQuery('!!! # -- ...')).toEqual({ words: '', tags: [], fromMe: false })
    expect(parsePostQuery('東京 タワー')).toEqual({ words: '東京 タワー', tags: [], fromMe: false })
  })

  it('reads people and tag queries the way they are typed', () => {
    expect(userQuery(' @Ada.Park ')).toBe('ada.park')
    expect(tagPrefix('#SunSet')).toBe('sunset')
    expect(tagPrefix('#')).toBeNull()
    expect(tagPrefix('sun set')).toBeNull()
    expect(prefixRange('ab')).toEqual({ lo: 'ab', hi: 'ab\u{10FFFF}' })
  })
})
