import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { createMediaUrls } from './urls.ts'

const KEY = 'variants/ab/cd/abcd0000000000000000000000000000000000000000000000000000000000ef/small.webp'
const exp = (url: string) => Number(/exp=(\d+)/.exec(url)?.[1])

describe('signed media URLs', () => {
  it('expire within SIGNED_URL_TTL_SECONDS (default 10 minutes), so a removed follower loses access that soon', () => {
    let clock = Date.UTC(2026, 0, 1, 12, 7, 13)
    const defaults = loadConfig({ DATA_DIR: '/nonexistent', SESSION_SECRET: 's'.repeat(32) })
    const urls = createMediaUrls({ secret: 's'.repeat(32), now: () => clock, ttlSeconds: defaults.SIGNED_URL_TTL_SECONDS })
    const url = urls.signed(KEY)
    const query = new URLSearchParams(url.split('?')[1])
    expect(exp(url) * 1000 - clock).toBeGreaterThan(0)
    expect(exp(url) * 1000 - clock).toBeLessThanOrEqual(600_000)
    expect(urls.verify(KEY, query.get('exp') ?? undefined, query.get('sig') ?? undefined)).toBe(true)
    clock += 600_000 + 1000
    expect(urls.verify(KEY, query.get('exp') ?? undefined, query.get('sig') ?? undefined)).toBe(false)
  })

  it('stay the same for a while (so browsers cache them), always with most of their life ahead', () => {
    let clock = Date.UTC(2026, 0, 1, 12, 0, 0)
    const urls = createMediaUrls({ secret: 's'.repeat(32), now: () => clock, ttlSeconds: 120 })
    const seen = new Set<string>()
    for (let s = 0; s < 600; s++) {
      clock = Date.UTC(2026, 0, 1, 12, 0, 0) + s * 1000
      const url = urls.signed(KEY)
      seen.add(url)
      const left = exp(url) * 1000 - clock
      expect(left).toBeLessThanOrEqual(120_000)
      expect(left).toBeGreaterThan(60_000)
    }
    // Ten minutes of requests, a new URL every 30 s: 20 or 21 distinct ones.
    expect(seen.size).toBeGreaterThanOrEqual(20)
    expect(seen.size).toBeLessThanOrEqual(21)
  })
})
