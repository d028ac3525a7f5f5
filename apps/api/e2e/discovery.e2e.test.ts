import path from 'node:path'
import { readFileSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { explore, tags } from '@mosaic/core'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite, SCREENSHOTS, shot } from './browser.ts'

const s = browserSuite()

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }
const CAFE = { name: 'Café Lumen', lat: 52.3731, lng: 4.8922 }

const photo = (name: string, caption: string, location?: object) => {
  const f = new FormData()
  f.append('files', new File([new Uint8Array(readFileSync(path.join(FIXTURES, name)))], name))
  f.append('caption', caption)
  if (location) f.append('location', JSON.stringify(location))
  return f
}

type Person = Awaited<ReturnType<typeof s.t.user>>
const people = {} as { maya: Person; omar: Person; reader: Person }

async function contextFor(person: Person, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await s.browser.newContext({ viewport })
  await context.addCookies([{ name: 'mosaic_session', value: person.token, url: s.base }])
  return context
}

const searchBox = (page: Page) => page.getByRole('combobox', { name: 'Search' })

// maya shares two photos at one café and one of mountains; omar (whom the reader follows) follows
// maya and likes her photos, so she is both a suggestion and the explore grid for the reader.
beforeAll(async () => {
  const [maya, omar, reader] = [await s.t.user('maya.lens'), await s.t.user('omar.trail'), await s.t.user('reader.one')]
  Object.assign(people, { maya, omar, reader })
  const hike = await maya.api.post.create(photo('Landscape_9.jpg', 'Morning hike above the lake #mountains', CAFE))
  const coffee = await maya.api.post.create(photo('concert.jpg', 'Best flat white in town #coffee #mountains', { name: CAFE.name }))
  await omar.api.post.create(photo('flowers.jpeg', 'Spring flowers on the balcony'))
  await omar.api.user.follow({ username: maya.username })
  await reader.api.user.follow({ username: omar.username })
  for (const id of [hike.id, coffee.id]) await omar.api.post.like({ id })
  await s.t.app.deps.queue.drain()
  // What the worker does on its timers: the explore candidates and the trending list.
  await explore.refreshExplore(s.t.app.deps, { force: true })
  await tags.refreshTrending(s.t.app.deps, { force: true })
})

describe('discovery in the browser', () => {
  it('finds a person, a tag and posts from the search field, opens an explore post and its place', async () => {
    const context = await contextFor(people.reader, DESKTOP)
    const page = await context.newPage()

    // Home: the reader's feed has omar's photo, and the side column suggests maya (omar follows her).
    await page.goto(`${s.base}/`)
    const rail = page.getByRole('complementary', { name: 'Suggestions' })
    await expect.poll(() => rail.getByRole('button', { name: 'Follow', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true)
    await expect.poll(() => rail.getByText('Followed by omar.trail').isVisible()).toBe(true)
    await shot(page, 'discovery-home-desktop')

    // search → profile, with the keyboard: type, arrow down to the person, Enter.
    await searchBox(page).fill('may')
    const list = page.getByRole('listbox', { name: 'Search suggestions' })
    await expect.poll(() => list.getByRole('option', { name: /maya\.lens/ }).isVisible()).toBe(true)
    await shot(page, 'discovery-typeahead-desktop')
    await searchBox(page).press('ArrowDown')
    expect(await searchBox(page).getAttribute('aria-activedescendant')).toBeTruthy()
    await searchBox(page).press('Enter')
    await page.waitForURL(`${s.base}/maya.lens`)
    await expect.poll(() => page.getByRole('heading', { name: 'maya.lens' }).first().isVisible()).toBe(true)

    // tag → tag page, with the count in its header.
    await searchBox(page).fill('#mount')
    await list.getByRole('option', { name: /#mountains/ }).click()
    await page.waitForURL(`${s.base}/t/mountains`)
    await expect.poll(() => page.getByText('2 posts').isVisible()).toBe(true)

    // Free text and Enter: the posts whose captions match.
    await searchBox(page).fill('hike')
    await searchBox(page).press('Escape')
    await searchBox(page).press('Enter')
    await page.waitForURL(`${s.base}/search?q=hike`)
    const results = page.getByRole('list', { name: 'Posts matching “hike”' })
    await expect.poll(() => results.getByRole('link').count()).toBe(1)
    await shot(page, 'discovery-search-desktop')
    await page.getByRole('tab', { name: 'People' }).click()
    await page.waitForURL(/type=people/)

    // explore → post modal → the post's place.
    await page.goto(`${s.base}/explore`)
    const trending = page.getByRole('region', { name: 'Trending now' })
    await expect.poll(() => trending.getByRole('link', { name: /#mountains/ }).isVisible()).toBe(true)
    const grid = page.getByRole('list', { name: 'Popular posts' })
    await expect.poll(() => grid.getByRole('link').count()).toBeGreaterThan(0)
    await shot(page, 'discovery-explore-desktop')
    await grid.getByRole('link', { name: /Morning hike/ }).click()
    const dialog = page.getByRole('dialog')
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await dialog.getByRole('link', { name: /Café Lumen/ }).click()
    await page.waitForURL(/\/explore\/place\?name=Caf/)
    await expect.poll(() => page.getByRole('heading', { name: 'Café Lumen' }).isVisible()).toBe(true)
    await expect.poll(() => page.getByText('2 posts').isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('list', { name: 'Photos at Café Lumen' }).getByRole('link').count()).toBe(2)
    await shot(page, 'discovery-place-desktop')
    await context.close()
  })

  it('on a phone: search sits on the Explore tab, and the same pages fit a narrow screen', async () => {
    const context = await contextFor(people.reader, PHONE)
    const page = await context.newPage()
    await page.goto(`${s.base}/explore`)
    await expect.poll(() => page.getByRole('list', { name: 'Popular posts' }).getByRole('link').count()).toBeGreaterThan(0)
    await shot(page, 'discovery-explore-phone')
    await searchBox(page).fill('m')
    await expect.poll(() => page.getByRole('option', { name: /maya\.lens/ }).isVisible()).toBe(true)
    await shot(page, 'discovery-typeahead-phone')
    await searchBox(page).press('Escape')
    await searchBox(page).fill('flat white')
    await searchBox(page).press('Enter')
    await page.waitForURL(/\/search\?q=flat/)
    await expect.poll(() => page.getByRole('list', { name: /Posts matching/ }).getByRole('link').count()).toBe(1)
    await shot(page, 'discovery-search-phone')
    await page.goto(`${s.base}/explore/place?name=${encodeURIComponent(CAFE.name)}`)
    await expect.poll(() => page.getByText('2 posts').isVisible()).toBe(true)
    await shot(page, 'discovery-place-phone')
    await page.goto(`${s.base}/`)
    // Under the feed on a phone: the suggestions as a row of cards.
    const strip = page.getByRole('region', { name: 'Suggested for you' })
    await expect.poll(() => strip.getByRole('button', { name: 'Follow', exact: true }).isVisible(), { timeout: 15_000 }).toBe(true)
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'discovery-home-phone.png') })
    await context.close()
  })

  it('adds a place to a new post: a known one as you type, and the photo’s own GPS only when asked', async () => {
    const context = await contextFor(people.omar, DESKTOP)
    await context.grantPermissions(['geolocation'], { origin: s.base })
    await context.setGeolocation({ latitude: 48.8584, longitude: 2.2945 })
    const page = await context.newPage()
    await page.goto(`${s.base}/new`)
    // A photo that carries GPS (written here with sharp, as a phone camera would).
    const withGps = await sharp(path.join(FIXTURES, 'flowers.jpeg'))
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 22/1 2316/100', GPSLongitudeRef: 'E', GPSLongitude: '4/1 53/1 3192/100' } })
      .jpeg()
      .toBuffer()
    await page.getByLabel('Select photos').setInputFiles({ name: 'balcony.jpg', mimeType: 'image/jpeg', buffer: withGps })
    const offer = page.getByRole('button', { name: 'Use the photo’s location' })
    await expect.poll(() => offer.isVisible(), { timeout: 15_000 }).toBe(true)

    // Places others used, as you type.
    const field = page.getByRole('combobox', { name: 'Location' })
    await field.fill('Caf')
    // Two places of that name: one with a position, one without; each says which it is.
    await expect.poll(() => page.getByRole('option', { name: /Café Lumen/ }).count()).toBe(2)
    await shot(page, 'discovery-new-post-place')
    await field.press('ArrowDown')
    await field.press('Enter')
    expect(await field.inputValue()).toBe('Café Lumen')

    // The device's position, then the photo's, replacing it; only the chosen one is sent.
    await page.getByRole('button', { name: 'Use my location' }).click()
    await expect.poll(() => page.getByText('48.858° N, 2.295° E · your location').isVisible()).toBe(true)
    await offer.click()
    await expect.poll(() => page.getByText('52.373° N, 4.892° E · the photo’s location').isVisible()).toBe(true)
    await shot(page, 'discovery-new-post-photo-position')
    await page.getByRole('button', { name: 'Share' }).click()
    await page.waitForURL(/\/p\/[0-9a-f-]{36}$/, { timeout: 30_000 })
    const id = page.url().split('/p/')[1] ?? ''
    const post = await people.omar.api.post.byId({ id })
    expect(post.location).toMatchObject({ name: 'Café Lumen' })
    expect(post.location?.lat).toBeCloseTo(52.373, 2)
    expect(post.location?.lng).toBeCloseTo(4.892, 2)
    await context.close()
  })
})
