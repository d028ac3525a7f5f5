import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite } from './browser.ts'

const s = browserSuite()

/** What we read of an <img> in the page (this package is typed without the DOM). */
type Img = { complete: boolean; naturalWidth: number; currentSrc: string }

const photo = (name: string) => {
  const f = new FormData()
  f.append('files', new File([new Uint8Array(readFileSync(path.join(FIXTURES, name)))], name))
  return f
}

// Signed URLs of private media expire within minutes (SIGNED_URL_TTL_SECONDS). A page left open,
// or a list read from the query cache, holds URLs that have run out: the app must fetch fresh ones.
describe('private photos in the browser', () => {
  it.each([
    ['have expired', 'expired'],
    ['are refused though not yet expired (a rotated secret, a clock ahead)', 'refused'],
  ] as const)('load again with fresh signed URLs when the ones the app holds %s', async (_, how) => {
    const owner = await s.t.user(`quiet.owner.${how}`, { isPrivate: true })
    const friend = await s.t.user(`quiet.friend.${how}`)
    await friend.api.user.follow({ username: owner.username })
    await owner.api.user.approveFollow({ username: friend.username })
    const post = await owner.api.post.create(photo('Landscape_8.jpg'))

    const context = await s.browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.addCookies([{ name: 'mosaic_session', value: friend.token, url: s.base }])
    const page = await context.newPage()
    // The first answer that carries signed URLs is handed to the app spoilt: expired a minute ago
    // (what a tab holds after sitting open past the URLs' lifetime: fetched again before loading),
    // or with a signature the server refuses (found out when the image fails: fetched again then).
    // Later answers pass untouched.
    let stale = 0
    await page.route(/\/trpc\//, async (route) => {
      const res = await route.fetch()
      const body = await res.text()
      if (stale > 0 || !/exp=\d+&sig=/.test(body)) return route.fulfill({ response: res, body })
      stale++
      const expired = Math.floor(Date.now() / 1000) - 60
      const spoilt = how === 'expired' ? body.replace(/exp=\d+&sig=/g, `exp=${expired}&sig=`) : body.replace(/sig=[\w-]+/g, 'sig=AAAA')
      return route.fulfill({ response: res, body: spoilt })
    })

    await page.goto(`${s.base}/p/${post.id}`)
    const img = page.getByRole('region', { name: /^Photo/ }).getByRole('img').first()
    await expect.poll(() => img.isVisible(), { timeout: 15_000 }).toBe(true)
    expect(stale).toBe(1)
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as Img).complete && (el as unknown as Img).naturalWidth > 0), { timeout: 15_000 })
      .toBe(true)
    const src = await img.evaluate((el) => (el as unknown as Img).currentSrc)
    expect(Number(/exp=(\d+)/.exec(src)?.[1]) * 1000).toBeGreaterThan(Date.now())
    expect(src).not.toContain('sig=AAAA')
    await context.close()
  })
})
