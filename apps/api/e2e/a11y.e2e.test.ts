// Every page, in the light and the dark theme, at phone and desktop width, checked with axe-core once
// its main content shows (zero serious or critical WCAG A/AA violations), and the keyboard's path
// through the app: every stop reachable with Tab shows a focus ring.
import path from 'node:path'
import { readFileSync } from 'node:fs'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { axeViolations } from './axe.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }
const PLACE = { name: 'Harbour Steps', lat: 51.9, lng: 4.48 }

const photo = (name: string, caption: string, location?: object) => {
  const f = new FormData()
  f.append('files', new File([new Uint8Array(readFileSync(path.join(FIXTURES, name)))], name))
  f.append('caption', caption)
  if (location) f.append('location', JSON.stringify(location))
  return f
}

type Person = Awaited<ReturnType<typeof s.t.user>>
const people = {} as { ana: Person; ben: Person }
let postId = ''

async function contextFor(person: Person | null, viewport: { width: number; height: number }, colorScheme: 'light' | 'dark'): Promise<BrowserContext> {
  const context = await s.browser.newContext({ viewport, colorScheme })
  if (person) await context.addCookies([{ name: 'mosaic_session', value: person.token, url: s.base }])
  return context
}

// ben shares photos with a tag and a place; ana follows him and he likes and comments on hers, so
// her feed, notifications and his profile all have something to show.
beforeAll(async () => {
  const [ana, ben] = [await s.t.user('ana.a11y'), await s.t.user('ben.a11y')]
  Object.assign(people, { ana, ben })
  const first = await ben.api.post.create(photo('Landscape_1.jpg', 'Evening light on the water #harbour', PLACE))
  await ben.api.post.create(photo('flowers.jpeg', 'Balcony flowers #harbour'))
  postId = first.id
  await ana.api.user.follow({ username: ben.username })
  const own = await ana.api.post.create(photo('concert.jpg', 'Loud and bright'))
  await ben.api.post.like({ id: own.id })
  await ben.api.comment.add({ postId: own.id, text: 'What a night!' })
  await s.t.app.deps.queue.drain()
})

type Check = { path: string; ready: (page: Page) => Locator; signedIn?: boolean }

const pages: Record<string, Check> = {
  home: { path: '/', ready: (p) => p.getByRole('article', { name: /Post by ben\.a11y/ }).first() },
  explore: { path: '/explore', ready: (p) => p.getByRole('heading', { name: 'Explore', exact: true }) },
  search: { path: '/search?q=harbour', ready: (p) => p.getByRole('heading', { name: /Results for/ }) },
  post: { path: '', ready: (p) => p.getByRole('region', { name: /Photo/ }).first() },
  profile: { path: '/ben.a11y', ready: (p) => p.getByRole('list', { name: 'Posts' }).getByRole('link').first() },
  tag: { path: '/t/harbour', ready: (p) => p.getByText('2 posts') },
  place: { path: `/explore/place?name=${encodeURIComponent(PLACE.name)}`, ready: (p) => p.getByRole('heading', { name: PLACE.name }) },
  notifications: { path: '/notifications', ready: (p) => p.getByText(/What a night!|commented/).first() },
  'new post': { path: '/new', ready: (p) => p.getByLabel('Select photos') },
  'new story': { path: '/new/story', ready: (p) => p.getByRole('heading', { name: 'New story' }) },
  settings: { path: '/settings', ready: (p) => p.getByRole('navigation', { name: 'Settings' }) },
  'sign in': { path: '/signin', ready: (p) => p.getByRole('button', { name: 'Sign in' }), signedIn: false },
  'sign up': { path: '/signup', ready: (p) => p.getByRole('button', { name: 'Sign up' }), signedIn: false },
}

const serious = (vs: Awaited<ReturnType<typeof axeViolations>>) => vs.filter((v) => v.impact === 'serious' || v.impact === 'critical')

async function check(page: Page, name: string, url: string, ready: (p: Page) => Locator, tag: string) {
  await page.goto(`${s.base}${url}`)
  await ready(page).waitFor({ state: 'visible', timeout: 20_000 })
  // Photos and late parts (suggestions, counts) settle before axe looks.
  await page.waitForLoadState('networkidle')
  await shot(page, `a11y-${name.replace(/\W+/g, '-')}-${tag}`)
  expect(serious(await axeViolations(page)), `${name} (${tag})`).toEqual([])
}

describe.each(['light', 'dark'] as const)('accessibility in the %s theme', (theme) => {
  for (const [viewport, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`every page has no serious or critical axe violations at ${viewport} width`, async () => {
      const signedIn = await contextFor(people.ana, size, theme)
      const guest = await contextFor(null, size, theme)
      const page = await signedIn.newPage()
      const guestPage = await guest.newPage()
      for (const [name, c] of Object.entries(pages)) {
        const url = name === 'post' ? `/p/${postId}` : c.path
        await check(c.signedIn === false ? guestPage : page, name, url, c.ready, `${theme}-${viewport}`)
      }
      // Every settings section the menu lists (other sections join it over time).
      await page.goto(`${s.base}/settings`)
      const links = page.getByRole('navigation', { name: 'Settings' }).getByRole('link')
      await links.first().waitFor()
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
      expect(hrefs).toContain('/settings/appearance')
      for (const href of hrefs) await check(page, `settings ${href}`, href, (p) => p.getByRole('navigation', { name: 'Settings' }), `${theme}-${viewport}`)
      // The post as a modal over the profile grid.
      await page.goto(`${s.base}/ben.a11y`)
      await page.getByRole('list', { name: 'Posts' }).getByRole('link').first().click()
      const dialog = page.getByRole('dialog', { name: 'Post' })
      await dialog.getByRole('region').first().waitFor()
      expect(serious(await axeViolations(page)), `post modal (${theme}-${viewport})`).toEqual([])
      await signedIn.close()
      await guest.close()
    }, 600_000)
  }

  it('reaches every control on home and settings with Tab, each with a visible focus ring', async () => {
    const context = await contextFor(people.ana, DESKTOP, theme)
    const page = await context.newPage()
    for (const url of ['/', '/settings/appearance']) {
      await page.goto(`${s.base}${url}`)
      await page.getByRole('main').waitFor()
      await page.waitForLoadState('networkidle')
      const seen = new Set<string>()
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab')
        // A string, run in the page (the api's TypeScript has no DOM types).
        const focus = await page.evaluate<{ id: string; ring: boolean; boxRing: boolean } | null>(`(() => {
          const el = document.activeElement
          if (!el || el === document.body) return null
          const outlined = (e) => {
            const st = getComputedStyle(e)
            return st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0
          }
          const r = el.getBoundingClientRect()
          return {
            id: el.tagName + ' ' + (el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? '') + ' ' + Math.round(r.x) + ',' + Math.round(r.y),
            ring: outlined(el) || getComputedStyle(el).boxShadow !== 'none',
            // A visually hidden input (the theme radios) or a field in a box (the comment composer)
            // shows the ring on its label or box instead.
            boxRing: [el.closest('label'), el.parentElement, el.parentElement?.parentElement].some((box) => !!box && outlined(box)),
          }
        })()`)
        if (!focus) continue
        expect(focus.ring || focus.boxRing, `focus ring on ${focus.id} at ${url} (${theme})`).toBe(true)
        seen.add(focus.id)
      }
      expect(seen.size, url).toBeGreaterThan(5)
    }
    await context.close()
  }, 300_000)
})
