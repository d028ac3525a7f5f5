import path from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

/** In the page: the loaded photo's natural width, 0 until it has loaded (read by name: this file has no DOM types). */
const NATURAL_WIDTH = (img: object): number => (Reflect.get(img, 'complete') ? Number(Reflect.get(img, 'naturalWidth')) : 0)

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }

async function personIn(username: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; token: string }> {
  const { token } = await (await s.t.caller()).auth.signUp({ username, email: `${username}@example.test`, password: 'a long password' })
  const context = await s.browser.newContext({ viewport })
  await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])
  return { context, token }
}

describe('stories in two browsers', () => {
  it('one person posts a story from the New button and another watches it, and the owner sees who did', async () => {
    const ana = await personIn('ana.stories', PHONE)
    const ben = await personIn('ben.watches', PHONE)
    const benDesk = await s.browser.newContext({ viewport: DESKTOP })
    await benDesk.addCookies([{ name: 'mosaic_session', value: ben.token, url: s.base }])
    await (await s.t.caller(ben.token)).user.follow({ username: 'ana.stories' })

    // Ana: New → Story, one photo and a caption.
    const anaPage = await ana.context.newPage()
    await anaPage.goto(`${s.base}/new`)
    await anaPage.getByRole('navigation', { name: 'What to share' }).getByRole('link', { name: 'Story' }).click()
    await expect.poll(() => anaPage.getByRole('heading', { name: 'New story' }).isVisible()).toBe(true)
    await anaPage.locator('input[type=file][name=file]').setInputFiles(path.join(FIXTURES, 'Landscape_1.jpg'))
    await anaPage.getByRole('textbox', { name: 'Caption' }).fill('Morning walk')
    await shot(anaPage, 'stories-new-phone')
    await anaPage.getByRole('button', { name: 'Share to story' }).click()
    await anaPage.waitForURL(`${s.base}/`)
    await expect.poll(() => anaPage.getByRole('button', { name: /^Your story/ }).isVisible()).toBe(true)

    // Ben: the tray shows Ana's story, unseen, with a coloured ring.
    const benPage = await ben.context.newPage()
    await benPage.goto(`${s.base}/`)
    const tray = benPage.getByRole('navigation', { name: 'Stories' })
    const anaInTray = tray.getByRole('button', { name: 'Story by ana.stories, not seen yet' })
    await expect.poll(() => anaInTray.isVisible()).toBe(true)
    expect(await anaInTray.locator('[data-story-ring]').getAttribute('data-story-ring')).toBe('unseen')
    await shot(benPage, 'stories-tray-phone')

    await anaInTray.click()
    const viewer = benPage.getByRole('dialog', { name: 'Stories by ana.stories' })
    await expect.poll(() => viewer.isVisible()).toBe(true)
    const photo = viewer.getByRole('img', { name: 'Morning walk' })
    await expect.poll(() => photo.evaluate(NATURAL_WIDTH)).toBe(600)
    await expect.poll(() => viewer.getByTestId('story-progress').count()).toBe(1)
    // Space pauses (as holding a finger does), so the screenshot is not racing the 5 s timer.
    await benPage.keyboard.press(' ')
    await expect.poll(() => viewer.getByTestId('story-progress').getAttribute('style')).toMatch(/\bpaused\b/)
    await shot(benPage, 'stories-viewer-phone')
    // Escape closes it; the story was marked seen as it showed, so the ring turns grey.
    await benPage.keyboard.press('Escape')
    await expect.poll(() => viewer.isVisible()).toBe(false)
    const anaApi = await s.t.caller(ana.token)
    const storyId = (await anaApi.story.tray())[0]!.stories[0]!.id
    expect((await anaApi.story.viewers({ id: storyId })).items.map((v) => v.username)).toEqual(['ben.watches'])
    const seen = tray.getByRole('button', { name: 'Story by ana.stories' })
    await expect.poll(() => seen.locator('[data-story-ring]').getAttribute('data-story-ring')).toBe('seen')

    // The same on a desktop screen: the 9:16 frame centred; holding the pointer down pauses, letting
    // go resumes; moving on by arrow key closes at the end.
    const deskPage = await benDesk.newPage()
    await deskPage.goto(`${s.base}/`)
    await deskPage.getByRole('navigation', { name: 'Stories' }).getByRole('button', { name: 'Story by ana.stories' }).click()
    const deskViewer = deskPage.getByRole('dialog', { name: 'Stories by ana.stories' })
    await expect.poll(() => deskViewer.getByRole('img', { name: 'Morning walk' }).evaluate(NATURAL_WIDTH)).toBe(600)
    const bar = deskViewer.getByTestId('story-progress')
    await deskViewer.getByTestId('story-stage').hover()
    await deskPage.mouse.down()
    await expect.poll(() => bar.getAttribute('style')).toMatch(/\bpaused\b/)
    await shot(deskPage, 'stories-viewer-desktop')
    await deskPage.mouse.up()
    await expect.poll(() => bar.getAttribute('style')).toMatch(/\brunning\b/)
    await expect.poll(() => deskViewer.isVisible()).toBe(true)
    await deskPage.keyboard.press('ArrowRight')
    await expect.poll(() => deskViewer.isVisible()).toBe(false)
    await shot(deskPage, 'stories-tray-desktop')

    // Ana sees who viewed it.
    await anaPage.getByRole('button', { name: /^Your story/ }).click()
    const own = anaPage.getByRole('dialog', { name: 'Stories by ana.stories' })
    await expect.poll(() => own.isVisible()).toBe(true)
    await anaPage.keyboard.press(' ')
    await expect.poll(() => own.getByRole('button', { name: 'Seen by 1' }).isVisible()).toBe(true)
    await own.getByRole('button', { name: 'Seen by 1' }).click()
    const list = anaPage.getByRole('list', { name: 'People who saw this story' })
    await expect.poll(() => list.getByRole('link', { name: 'ben.watches' }).isVisible()).toBe(true)
    await shot(anaPage, 'stories-viewers-phone')

    // Ben's profile view of Ana has the ring too.
    await deskPage.goto(`${s.base}/ana.stories`)
    const ring = deskPage.getByRole('button', { name: 'Story by ana.stories' })
    await expect.poll(() => ring.locator('[data-story-ring]').getAttribute('data-story-ring')).toBe('seen')
    await shot(deskPage, 'stories-profile-ring-desktop')

    await ana.context.close()
    await ben.context.close()
    await benDesk.close()
  })
})
