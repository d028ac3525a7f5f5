import path from 'node:path'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

const photo = (name: string, caption: string) => {
  const f = new FormData()
  f.append('files', new File([new Uint8Array(readFileSync(path.join(FIXTURES, name)))], name))
  f.append('caption', caption)
  return f
}

describe('the home feed in the browser', () => {
  it('shows the photos of people you follow, switches to Latest, likes in place, and suggests people to a newcomer', async () => {
    const [maya, omar] = [await s.t.user('maya.lens'), await s.t.user('omar.trail')]
    await maya.api.post.create(photo('Landscape_9.jpg', 'Morning hike #mountains'))
    await omar.api.post.create(photo('concert.jpg', 'Last night’s show'))
    const reader = await s.t.user('reader.one')
    await reader.api.user.follow({ username: maya.username })
    await reader.api.user.follow({ username: omar.username })
    await s.t.app.deps.queue.drain()

    const context = await s.browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.addCookies([{ name: 'mosaic_session', value: reader.token, url: s.base }])
    const page = await context.newPage()
    await page.goto(`${s.base}/`)
    const feed = page.getByRole('feed', { name: 'Posts from people you follow' })
    await expect.poll(() => feed.getByRole('article').count()).toBe(2)
    await page.getByRole('tab', { name: 'Latest' }).click()
    await page.waitForURL(/mode=latest/)
    await expect.poll(() => feed.getByRole('article').first().getAttribute('aria-label')).toBe('Post by omar.trail')
    const first = feed.getByRole('article').first()
    await first.getByRole('button', { name: 'Like', exact: true }).click()
    await expect.poll(() => first.getByRole('button', { name: 'Unlike', exact: true }).isVisible()).toBe(true)
    await shot(page, 'feed-latest')
    const liked = await reader.api.feed.home({ mode: 'latest' })
    expect(liked.items[0]).toMatchObject({ viewerHasLiked: true, likeCount: 1 })

    const newcomer = await s.t.user('new.comer')
    await context.clearCookies()
    await context.addCookies([{ name: 'mosaic_session', value: newcomer.token, url: s.base }])
    await page.goto(`${s.base}/`)
    const suggestions = page.getByRole('heading', { name: 'Suggested for you' })
    await expect.poll(() => suggestions.isVisible()).toBe(true)
    await shot(page, 'feed-empty-suggestions')
    await page.getByRole('listitem').filter({ hasText: 'maya.lens' }).getByRole('button', { name: 'Follow', exact: true }).click()
    await expect.poll(() => feed.getByRole('article').count(), { timeout: 15_000 }).toBe(1)
    await context.close()
  })
})
