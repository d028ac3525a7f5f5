// Dark mode: it follows the system, the Appearance setting overrides it on this device, and the
// chosen theme is painted from the HTML before any script runs (no light flash).
import path from 'node:path'
import { readFileSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

type Person = Awaited<ReturnType<typeof s.t.user>>
let reader: Person

beforeAll(async () => {
  const author = await s.t.user('dana.theme')
  reader = await s.t.user('eli.theme')
  const f = new FormData()
  f.append('files', new File([new Uint8Array(readFileSync(path.join(FIXTURES, 'flowers.jpeg')))], 'flowers.jpeg'))
  f.append('caption', 'Flowers at dusk')
  await author.api.post.create(f)
  await reader.api.user.follow({ username: author.username })
  await s.t.app.deps.queue.drain()
})

async function contextFor(colorScheme: 'light' | 'dark'): Promise<BrowserContext> {
  const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme })
  await context.addCookies([{ name: 'mosaic_session', value: reader.token, url: s.base }])
  return context
}

/** Relative luminance of a computed `rgb(…)`/`rgba(…)` colour (0 black … 1 white). */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** The computed colours of the page, its main text, a card (the sidebar and the feed's post) and secondary text. */
async function colours(page: Page) {
  await page.getByRole('article').first().waitFor()
  // Strings, run in the page (the api's TypeScript has no DOM types).
  return page.evaluate<Record<'bodyBg' | 'bodyText' | 'sidebarBg' | 'sidebarLine' | 'articleText' | 'time', string> & { dark: boolean }>(`(() => {
    // Computed colours may come as oklch(); a canvas pixel gives them as sRGB.
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })
    const rgb = (c) => {
      ctx.clearRect(0, 0, 1, 1)
      ctx.fillStyle = c
      ctx.fillRect(0, 0, 1, 1)
      const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data
      return 'rgb(' + r + ', ' + g + ', ' + b + ')'
    }
    const css = (sel, prop) => {
      const el = document.querySelector(sel)
      if (!el) throw new Error('no ' + sel)
      const st = getComputedStyle(el)
      return rgb(prop === 'borderColor' ? st.borderRightColor : st[prop])
    }
    return {
      dark: document.documentElement.classList.contains('dark'),
      bodyBg: css('body', 'backgroundColor'),
      bodyText: css('body', 'color'),
      sidebarBg: css('aside', 'backgroundColor'),
      sidebarLine: css('aside', 'borderColor'),
      articleText: css('article', 'color'),
      time: css('article time', 'color'),
    }
  })()`)
}

const isDark = (page: Page) => page.evaluate<boolean>(`document.documentElement.classList.contains('dark')`)

describe('dark mode', () => {
  it('follows the system theme: light text on a dark page in dark, dark on light in light', async () => {
    const seen: Record<string, Awaited<ReturnType<typeof colours>>> = {}
    for (const scheme of ['light', 'dark'] as const) {
      const context = await contextFor(scheme)
      const page = await context.newPage()
      await page.goto(`${s.base}/`)
      seen[scheme] = await colours(page)
      await shot(page, `theme-home-${scheme}`)
      await context.close()
    }
    const light = seen.light!
    const dark = seen.dark!
    expect(light.dark).toBe(false)
    expect(dark.dark).toBe(true)
    expect(light.bodyBg).toBe('rgb(255, 255, 255)')
    expect(luminance(light.bodyText)).toBeLessThan(0.05)
    expect(luminance(dark.bodyBg)).toBeLessThan(0.01)
    expect(luminance(dark.bodyText)).toBeGreaterThan(0.8)
    // Cards and their lines turn dark too, and secondary text stays readable (≥ 4.5:1) on the page.
    expect(luminance(dark.sidebarBg)).toBeLessThan(0.01)
    expect(luminance(dark.sidebarLine)).toBeLessThan(0.1)
    expect(luminance(light.sidebarLine)).toBeGreaterThan(0.7)
    expect(luminance(dark.articleText)).toBeGreaterThan(0.8)
    const contrast = (a: string, b: string) => (Math.max(luminance(a), luminance(b)) + 0.05) / (Math.min(luminance(a), luminance(b)) + 0.05)
    expect(contrast(dark.time, dark.bodyBg)).toBeGreaterThan(4.5)
    expect(contrast(light.time, light.bodyBg)).toBeGreaterThan(4.5)
  })

  it('keeps the Appearance choice on this device and paints it before any script runs', async () => {
    const context = await contextFor('light')
    const page = await context.newPage()
    await page.goto(`${s.base}/settings/appearance`)
    const group = page.getByRole('group', { name: 'Theme on this device' })
    await expect.poll(() => group.getByRole('radio', { name: /System/ }).isChecked()).toBe(true)
    await group.getByText('Dark', { exact: true }).click()
    await expect.poll(() => isDark(page)).toBe(true)
    expect(await page.evaluate<string | null>(`localStorage.getItem('mosaic.theme')`)).toBe('dark')
    await shot(page, 'theme-settings-dark')

    // With the app's scripts refused, only the HTML, its inline script and the stylesheet paint: dark already.
    await page.route('**/assets/*.js', (route) => route.abort())
    await page.goto(`${s.base}/`)
    const before = await page.evaluate<{ dark: boolean; bg: string; frame: boolean }>(`({
      dark: document.documentElement.classList.contains('dark'),
      bg: (() => {
        const ctx = document.createElement('canvas').getContext('2d')
        ctx.fillStyle = getComputedStyle(document.body).backgroundColor
        ctx.fillRect(0, 0, 1, 1)
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data
        return 'rgb(' + r + ', ' + g + ', ' + b + ')'
      })(),
      frame: document.querySelector('#root')?.textContent?.includes('Mosaic') ?? false,
    })`)
    expect(before.dark).toBe(true)
    expect(luminance(before.bg)).toBeLessThan(0.01)
    expect(before.frame).toBe(true)
    await shot(page, 'theme-shell-dark')
    await page.unroute('**/assets/*.js')

    // Light overrides a dark system; System follows it again.
    const dark = await contextFor('dark')
    const other = await dark.newPage()
    await other.goto(`${s.base}/settings/appearance`)
    const choices = other.getByRole('group', { name: 'Theme on this device' })
    await choices.getByText('Light', { exact: true }).click()
    await expect.poll(() => isDark(other)).toBe(false)
    await other.reload()
    await expect.poll(() => choices.getByRole('radio', { name: /Light/ }).isChecked()).toBe(true)
    expect(await isDark(other)).toBe(false)
    await choices.getByText('System', { exact: true }).click()
    await expect.poll(() => isDark(other)).toBe(true)
    await dark.close()
    await context.close()
  })
})
