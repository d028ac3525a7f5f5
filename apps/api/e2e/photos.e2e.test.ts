import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

describe('posting photos in the browser', () => {
  it('creates a three-photo post and sees it on the post page and the profile', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const { token } = await (await s.t.caller()).auth.signUp({ username: 'photo.taker', email: 'photo@example.test', password: 'a long password' })
    await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])

    await page.goto(`${s.base}/new`)
    // The limits in force by default, as meta.limits tells the picker.
    await expect.poll(() => page.getByText('Up to 10 photos in one post, 25 MB each.').isVisible(), { timeout: 10_000 }).toBe(true)
    await page.getByLabel('Select photos').setInputFiles(['flowers.jpeg', 'Landscape_6.jpg', 'concert.jpg'].map((f) => path.join(FIXTURES, f)))
    await page.getByLabel('Alt text for photo 1').fill('Red flowers in a field')
    await page.getByLabel('Caption').fill('Weekend walk #spring with @photo.taker')
    await page.getByLabel('Location').fill('Kew Gardens')
    await shot(page, 'new-post-previews')
    await page.getByRole('button', { name: 'Share' }).click()

    await page.waitForURL(/\/p\/[0-9a-f-]{36}$/, { timeout: 30_000 })
    const carousel = page.getByRole('region', { name: 'Photos, 3 in all' })
    await expect.poll(() => carousel.isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('group', { name: '1 of 3' }).isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('link', { name: '#spring' }).first().isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Next photo' }).click()
    await shot(page, 'post-page')
    // The upright Landscape_6 (EXIF orientation 6) is served 600×450.
    const postId = page.url().split('/p/')[1]!
    const post = await (await s.t.caller(token)).post.byId({ id: postId })
    expect(post.media.map((m) => [m.width, m.height])).toEqual([
      [1920, 1080],
      [600, 450],
      [400, 267],
    ])
    expect(post.media[0]!.alt).toBe('Red flowers in a field')
    expect(post.location?.name).toBe('Kew Gardens')

    await page.goto(`${s.base}/photo.taker`)
    const grid = page.getByRole('list', { name: 'Posts' })
    await expect.poll(() => grid.getByRole('link').count()).toBe(1)
    // The grid loads thumbnails, never the large rendition.
    const src = await grid.getByRole('img').first().getAttribute('src')
    expect(src).toContain('-thumb.')
    await grid.getByRole('link').first().click()
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true)
    await shot(page, 'post-modal')
    await context.close()
  })
})
