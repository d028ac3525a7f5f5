import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { makeTestClips, type TestClips } from '@mosaic/media/testing'
import type { BrowserContext, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, httpClient } from '../src/testing/harness.ts'
import { axeViolations } from './axe.ts'
import { browserSuite, SCREENSHOTS, shot } from './browser.ts'

const s = browserSuite()
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }

let dir: string
let clips: TestClips
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mosaic-video-e2e-'))
  clips = await makeTestClips(dir)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** In the page: what a <video> is doing (read by name: this file has no DOM types). */
const PLAYBACK = (video: object) => ({
  time: Number(Reflect.get(video, 'currentTime')),
  readyState: Number(Reflect.get(video, 'readyState')),
  paused: Boolean(Reflect.get(video, 'paused')),
  muted: Boolean(Reflect.get(video, 'muted')),
})

/** Polls until the clip is decoding frames and its time moves on from `after` seconds. */
async function expectPlaying(video: Locator, after = 0) {
  await expect.poll(async () => (await video.evaluate(PLAYBACK)).readyState, { timeout: 60_000 }).toBeGreaterThanOrEqual(2)
  await expect.poll(async () => (await video.evaluate(PLAYBACK)).time, { timeout: 20_000 }).toBeGreaterThan(after)
}

async function signedIn(token: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await s.browser.newContext({ viewport })
  await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])
  return context
}

describe('videos in the browser', () => {
  it('uploads a clip beside a photo, sees it processed, then playing muted where it is shown, with sound a tap away', async () => {
    const me = await s.t.user('clip.maker')
    const phone = await signedIn(me.token, PHONE)
    const page = await phone.newPage()

    // The picker: a muted preview of the clip with its length, beside the photo.
    await page.goto(`${s.base}/new`)
    await expect.poll(() => page.getByText('Or up to 4 videos of at most 60 seconds and 200 MB each').isVisible(), { timeout: 10_000 }).toBe(true)
    await page.getByLabel('Select photos and videos').setInputFiles([clips.h264Mp4, path.join(FIXTURES, 'flowers.jpeg')])
    const preview = page.getByLabel(`Video 1: ${path.basename(clips.h264Mp4)}`)
    await expect.poll(() => preview.evaluate(PLAYBACK)).toMatchObject({ muted: true, paused: true })
    await expect.poll(() => page.getByText(/^Length 0:0[12]$/).isVisible()).toBe(true)
    await page.getByLabel('Alt text for video 1').fill('A test pattern, moving')
    await page.getByLabel('Caption').fill('First clip #moving')
    await shot(page, 'video-new-post-phone')

    // The answer comes before the transcode: the clip is still processing then.
    const created = page.waitForResponse((r) => r.url().includes('/trpc/post.create'))
    await page.getByRole('button', { name: 'Share' }).click()
    const answer = (await (await created).json()) as { result: { data: { id: string; media: { kind: string; state?: string }[] } } }
    expect(answer.result.data.media.map((m) => [m.kind, m.state])).toEqual([
      ['video', 'processing'],
      ['image', undefined],
    ])
    const postId = answer.result.data.id
    await page.waitForURL(`${s.base}/p/${postId}`)

    // The post page asks again until the clip is ready, then plays it, muted, in the mixed carousel.
    const carousel = page.getByRole('region', { name: 'Photos and videos, 2 in all' })
    const video = carousel.getByLabel('A test pattern, moving')
    await expectPlaying(video)
    expect(await video.evaluate(PLAYBACK)).toMatchObject({ muted: true, paused: false })
    expect(await page.getByText('Processing video…').count()).toBe(0)
    const served = await (await s.t.caller(me.token)).post.byId({ id: postId })
    expect(served.media[0]).toMatchObject({ kind: 'video', state: 'ready' })
    expect(served.media[0]!.urls.video).toBeTruthy()

    // Sound: the speaker button (and a tap on the clip) turns it on and off.
    await carousel.getByRole('button', { name: 'Turn sound on' }).click()
    await expect.poll(async () => (await video.evaluate(PLAYBACK)).muted).toBe(false)
    await video.click()
    await expect.poll(async () => (await video.evaluate(PLAYBACK)).muted).toBe(true)
    expect(await carousel.getByRole('button', { name: 'Turn sound on' }).isVisible()).toBe(true)
    await shot(page, 'video-post-phone')
    expect(await axeViolations(page, 'main')).toEqual([])

    // Moving to the photo scrolls the clip out of the strip: it pauses.
    await carousel.getByRole('button', { name: 'Next item' }).click()
    await expect.poll(async () => (await video.evaluate(PLAYBACK)).paused).toBe(true)

    // The feed: two photo posts above it; the clip plays once scrolled to, and pauses when scrolled away.
    const http = httpClient(s.base, me.token)
    for (const file of ['Landscape_1.jpg', 'concert.jpg']) {
      const form = new FormData()
      form.append('files', new Blob([readFileSync(path.join(FIXTURES, file))], { type: 'image/jpeg' }), file)
      expect((await http.upload('post.create', form)).status).toBe(200)
    }
    await page.goto(`${s.base}/`)
    await page.getByRole('tab', { name: 'Latest' }).click()
    const card = page.getByRole('article').filter({ hasText: 'First clip' })
    const feedVideo = card.getByLabel('A test pattern, moving')
    await expect.poll(() => feedVideo.count(), { timeout: 10_000 }).toBe(1)
    expect((await feedVideo.evaluate(PLAYBACK)).paused).toBe(true)
    await feedVideo.scrollIntoViewIfNeeded()
    await expectPlaying(feedVideo)
    // The screen as it is (a full-page shot would draw the sticky header halfway down the feed).
    await page.screenshot({ path: path.join(SCREENSHOTS, 'video-feed-phone.png') })
    await page.evaluate(() => Reflect.get(globalThis, 'scrollTo')(0, 0))
    await expect.poll(async () => (await feedVideo.evaluate(PLAYBACK)).paused).toBe(true)
    await phone.close()

    // Desktop: the profile grid marks the clip with its length; opened, it plays in the modal.
    const desktop = await signedIn(me.token, DESKTOP)
    const deskPage = await desktop.newPage()
    await deskPage.goto(`${s.base}/clip.maker`)
    const grid = deskPage.getByRole('list', { name: 'Posts' })
    await expect.poll(() => grid.getByRole('link').count(), { timeout: 10_000 }).toBe(3)
    const tile = grid.getByRole('link', { name: /\(video of 0:0[12], 2 photos and videos\)$/ })
    expect(await tile.count()).toBe(1)
    await shot(deskPage, 'video-profile-desktop')
    expect(await axeViolations(deskPage, 'main')).toEqual([])
    await tile.click()
    const dialog = deskPage.getByRole('dialog', { name: 'Post' })
    await expectPlaying(dialog.getByLabel('A test pattern, moving'))
    await shot(deskPage, 'video-post-modal-desktop')
    expect(await axeViolations(deskPage, 'dialog[open]')).toEqual([])
    await desktop.close()
  })

  it('a story clip: chosen with its length shown, then played to a follower for as long as it lasts', async () => {
    const ana = await s.t.user('ana.films')
    const ben = await s.t.user('ben.sees')
    await ben.api.user.follow({ username: 'ana.films' })

    const anaContext = await signedIn(ana.token, PHONE)
    const anaPage = await anaContext.newPage()
    await anaPage.goto(`${s.base}/new/story`)
    await anaPage.locator('input[type=file][name=file]').setInputFiles(clips.h264Mp4)
    await expect.poll(() => anaPage.getByText(/^Length 0:0[12]$/).isVisible()).toBe(true)
    await anaPage.getByRole('textbox', { name: 'Caption' }).fill('Moving pattern')
    await shot(anaPage, 'video-story-new-phone')
    await anaPage.getByRole('button', { name: 'Share to story' }).click()
    await anaPage.waitForURL(`${s.base}/`)
    await anaContext.close()

    // Others see it once the clip is transcoded.
    await expect.poll(async () => (await ben.api.story.tray()).length, { timeout: 60_000 }).toBe(1)
    const durationMs = (await ben.api.story.tray())[0]!.stories[0]!.media.durationMs
    expect(durationMs).toBeGreaterThan(0)

    const benContext = await signedIn(ben.token, PHONE)
    const benPage = await benContext.newPage()
    await benPage.goto(`${s.base}/`)
    await benPage.getByRole('navigation', { name: 'Stories' }).getByRole('button', { name: 'Story by ana.films, not seen yet' }).click()
    const viewer = benPage.getByRole('dialog', { name: 'Stories by ana.films' })
    const clip = viewer.getByLabel('Moving pattern')
    await expect.poll(() => viewer.isVisible()).toBe(true)
    // Space holds the story at once (as a finger does), so the checks below are not racing a clip of a second or two.
    await benPage.keyboard.press(' ')
    const bar = viewer.getByTestId('story-progress')
    await expect.poll(() => bar.getAttribute('style')).toMatch(/\bpaused\b/)
    // The bar fills over the clip's length, not the photo's 5 s.
    expect(await bar.getAttribute('style')).toContain(`${durationMs}ms`)
    await expect.poll(async () => (await clip.evaluate(PLAYBACK)).readyState, { timeout: 20_000 }).toBeGreaterThanOrEqual(2)
    expect(await clip.evaluate(PLAYBACK)).toMatchObject({ paused: true, muted: true })
    expect(await viewer.getByRole('button', { name: 'Turn sound on' }).isVisible()).toBe(true)
    await benPage.screenshot({ path: path.join(SCREENSHOTS, 'video-story-phone.png') })
    expect(await axeViolations(benPage, 'dialog[open]')).toEqual([])

    // Let go: the clip plays to its end (how far it got is kept in the page), then the viewer moves
    // on; Ana has no other story, so it closes.
    await clip.evaluate((video) => {
      const seen = { time: 0 }
      Reflect.set(globalThis, 'storyClipSeen', seen)
      video.addEventListener('timeupdate', () => void (seen.time = Math.max(seen.time, Number(Reflect.get(video, 'currentTime')))))
    })
    await benPage.keyboard.press(' ')
    await expect.poll(() => viewer.isVisible(), { timeout: 20_000 }).toBe(false)
    const seen = (await benPage.evaluate(() => Reflect.get(globalThis, 'storyClipSeen'))) as { time: number }
    expect(seen.time).toBeGreaterThan(0)
    await benContext.close()
  })
})
