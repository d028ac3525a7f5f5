import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

describe('profile picture in the browser', () => {
  it('changes the photo in Edit profile with a crop preview, sees it in the header and the sidebar, then removes it', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const { token } = await (await s.t.caller()).auth.signUp({ username: 'face.maker', email: 'face@example.test', password: 'a long password' })
    await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])
    const api = await s.t.caller(token)

    await page.goto(`${s.base}/face.maker`)
    // By CSS, not role: behind the modal dialog the page is inert, out of the accessibility tree.
    const headerPicture = page.locator('main header').locator(`img[alt="face.maker's profile picture"], [role="img"][aria-label="face.maker's profile picture"]`)
    await expect.poll(() => headerPicture.isVisible(), { timeout: 10_000 }).toBe(true)
    expect(await headerPicture.evaluate((el) => el.tagName)).toBe('SPAN') // initials

    await page.getByRole('button', { name: 'Edit profile' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Change photo').setInputFiles(path.join(FIXTURES, 'flowers.jpeg'))
    const cropWindow = dialog.getByRole('group', { name: /Photo position/ })
    await expect.poll(() => dialog.getByRole('img', { name: 'New profile picture preview' }).isVisible()).toBe(true)
    // Zoom in, then drag the photo right: the window moves towards the photo's left edge.
    await dialog.getByLabel('Zoom').fill('2')
    const box = (await cropWindow.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 10, { steps: 5 })
    await page.mouse.up()
    await shot(page, 'avatar-crop')
    await dialog.getByRole('button', { name: 'Save photo' }).click()

    await expect.poll(async () => (await api.auth.me())?.avatarUrl ?? null, { timeout: 20_000 }).not.toBeNull()
    const me = (await api.auth.me())!
    await expect.poll(() => headerPicture.getAttribute('src'), { timeout: 10_000 }).toBe(me.avatarUrl)
    expect(await headerPicture.getAttribute('srcset')).toContain(`${me.avatar!.large} 320w`)
    // Loaded, not a broken image.
    await expect.poll(() => headerPicture.evaluate((el) => Number(Reflect.get(el, 'naturalWidth')))).toBeGreaterThan(0)
    // The sidebar's profile link shows it too.
    await expect.poll(() => page.locator(`nav img[src="${me.avatarUrl}"]`).count()).toBeGreaterThan(0)
    await shot(page, 'avatar-profile')

    // Still in Edit profile, which now offers to remove it.
    const remove = dialog.getByRole('button', { name: 'Remove' })
    await expect.poll(() => remove.isVisible()).toBe(true)
    await remove.click()
    await expect.poll(() => headerPicture.evaluate((el) => el.tagName), { timeout: 10_000 }).toBe('SPAN')
    expect((await api.auth.me())?.avatarUrl).toBeNull()
    // At phone width the photo row still shows both choices.
    await page.setViewportSize({ width: 375, height: 740 })
    await expect.poll(() => dialog.getByLabel('Change photo').count()).toBe(1)
    await shot(page, 'avatar-edit-phone')
    await context.close()
  })
})
