import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite } from './browser.ts'

const s = browserSuite()

/** Every Content-Security-Policy violation the page reports, as events and as console messages. */
async function watchViolations(page: Page) {
  const seen: string[] = []
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
    console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'))
  })`)
  page.on('console', (msg) => {
    const text = msg.text()
    if (/Refused to|Content Security Policy|CSP violation/i.test(text)) seen.push(text)
  })
  return seen
}

describe('the web app under its Content-Security-Policy', () => {
  it('signs up, previews and shares photos, and reads the feed, profile and post with zero CSP violations', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const violations = await watchViolations(page)

    const first = await page.goto(`${s.base}/signup`)
    const csp = first?.headers()['content-security-policy'] ?? ''
    expect(csp).toContain("frame-ancestors 'none'")

    // Signing up through the form also crosses the Origin check, as a browser sends it.
    await page.getByLabel('Username').fill('csp.person')
    await page.getByLabel('Email').fill('csp@example.test')
    await page.getByLabel('Password').fill('a good long password')
    await page.getByRole('button', { name: 'Sign up' }).click()
    await page.waitForURL(`${s.base}/`)

    // Upload previews are blob: URLs; placeholders are data: URLs; photos come from /media.
    await page.goto(`${s.base}/new`)
    await page.getByLabel('Select photos').setInputFiles(['flowers.jpeg', 'concert.jpg'].map((f) => path.join(FIXTURES, f)))
    await expect.poll(() => page.locator('img[src^="blob:"]').count()).toBeGreaterThan(0)
    await page.getByLabel('Caption').fill('under a strict policy')
    await page.getByRole('button', { name: 'Share' }).click()
    await page.waitForURL(/\/p\/[0-9a-f-]{36}$/, { timeout: 30_000 })
    await expect.poll(() => page.getByRole('region', { name: 'Photos, 2 in all' }).isVisible()).toBe(true)
    type Img = { complete: boolean; naturalWidth: number }
    await expect.poll(() => page.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as unknown as Img).complete && (i as unknown as Img).naturalWidth > 0).length)).toBeGreaterThan(0)

    await page.goto(`${s.base}/csp.person`)
    await expect.poll(() => page.getByRole('list', { name: 'Posts' }).getByRole('link').count()).toBe(1)
    await page.goto(`${s.base}/`)
    await page.waitForLoadState('networkidle')

    expect(violations).toEqual([])
    await context.close()
  })
})
