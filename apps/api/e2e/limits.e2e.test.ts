import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite, shot } from './browser.ts'

// The operator lowers the limits; the picker learns them from meta.limits, never from a constant.
const s = browserSuite({ env: { MAX_FILES_PER_POST: '2', MAX_UPLOAD_MB: '1' } })

const viewports = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
]

describe('the photo picker under lowered limits', () => {
  it('stops at 2 photos and refuses a photo over 1 MB in words, before anything is uploaded', async () => {
    const limits = await (await s.t.caller()).meta.limits()
    expect(limits).toMatchObject({ filesPerPost: 2, maxFileBytes: 1e6 })

    const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const { token, user } = await (await s.t.caller()).auth.signUp({ username: 'limited.sharer', email: 'limited@example.test', password: 'a long password' })
    await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])
    const uploads: string[] = []
    page.on('request', (r) => {
      if (r.url().includes('/trpc/post.create')) uploads.push(r.url())
    })

    await page.goto(`${s.base}/new`)
    await expect.poll(() => page.getByText('Up to 2 photos in one post, 1 MB each.').isVisible(), { timeout: 10_000 }).toBe(true)
    await page.getByLabel('Select photos').setInputFiles(['flowers.jpeg', 'Landscape_6.jpg', 'concert.jpg'].map((f) => path.join(FIXTURES, f)))
    const notice = page.getByRole('status').filter({ hasText: 'A post can have at most 2 photos, so 1 file was not added.' })
    await expect.poll(() => notice.isVisible()).toBe(true)
    await expect.poll(() => page.getByText('2 of 2 photos').isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: /^Remove photo/ }).count()).toBe(2)
    // Full: no tile offers to add more.
    expect(await page.getByRole('button', { name: 'Add photos' }).count()).toBe(0)

    // A photo over the configured size is refused next to its preview, not after a wasted upload.
    await page.getByRole('button', { name: 'Remove photo 2' }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Add photos' }).isVisible()).toBe(true)
    await page.getByLabel('Select photos').setInputFiles([{ name: 'large.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(1_500_000, 1) }])
    await expect.poll(() => page.getByText('This photo is 1.5 MB; each photo can be at most 1 MB.').isVisible()).toBe(true)
    await shot(page, 'desktop-new-post-limits')
    await page.getByRole('button', { name: 'Share' }).click()
    await expect.poll(() => page.getByText('Some photos can’t be shared. Remove the ones marked in red, then try again.').isVisible()).toBe(true)
    expect(uploads).toEqual([])

    // Without the large photo, the post goes through.
    await page.getByRole('button', { name: 'Remove photo 2' }).click()
    await page.getByRole('button', { name: 'Share' }).click()
    await page.waitForURL(/\/p\/[0-9a-f-]{36}$/, { timeout: 30_000 })
    const posts = await (await s.t.caller(token)).post.byUser({ username: user.username, limit: 10 })
    expect(posts.items).toHaveLength(1)
    await context.close()
  })

  it('shows the new-post page, and home with the unread badge, at phone and desktop widths', async () => {
    const { token } = await (await s.t.caller()).auth.signUp({ username: 'shell.viewer', email: 'shell@example.test', password: 'a long password' })
    // A new follower, so both navigations draw the unread badge.
    const fan = await (await s.t.caller()).auth.signUp({ username: 'shell.fan', email: 'shell.fan@example.test', password: 'a long password' })
    await (await s.t.caller(fan.token)).user.follow({ username: 'shell.viewer' })
    for (const viewport of viewports) {
      const context = await s.browser.newContext({ viewport })
      await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])
      const page = await context.newPage()
      await page.goto(`${s.base}/new`)
      await expect.poll(() => page.getByText('Up to 2 photos in one post, 1 MB each.').isVisible(), { timeout: 10_000 }).toBe(true)
      await shot(page, `${viewport.name}-new-post`)
      await page.goto(`${s.base}/`)
      await expect.poll(() => page.getByRole('heading', { name: /^Welcome to Mosaic/ }).isVisible(), { timeout: 10_000 }).toBe(true)
      await expect.poll(() => page.getByRole('link', { name: /^Notifications ?, 1 unread$/ }).isVisible(), { timeout: 20_000 }).toBe(true)
      await shot(page, `${viewport.name}-shell-home`)
      await context.close()
    }
  })
})
