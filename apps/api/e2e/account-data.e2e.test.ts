import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import yauzl from 'yauzl'
import { FIXTURES } from '../src/testing/harness.ts'
import { axeViolations, type AxeViolation } from './axe.ts'
import { browserSuite, shot } from './browser.ts'

// One megapixel: flowers.jpeg (1920 × 1080) is too many pixels, and the picker can tell from its preview.
const s = browserSuite({ env: { MAX_UPLOAD_MEGAPIXELS: '1' } })
const PASSWORD = 'a long password'

const serious = (list: AxeViolation[]) => list.filter((v) => v.impact === 'serious' || v.impact === 'critical')

async function signedIn(username: string, width = 1280) {
  const context = await s.browser.newContext({ viewport: { width, height: 800 }, acceptDownloads: true })
  const page = await context.newPage()
  const { token } = await (await s.t.caller()).auth.signUp({ username, email: `${username}@example.test`, password: PASSWORD })
  await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])
  return { context, page, token, api: await s.t.caller(token) }
}

function zipNames(zip: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, archive) => {
      if (err || !archive) return reject(err)
      const names: string[] = []
      archive.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName)
        archive.readEntry()
      })
      archive.on('end', () => resolve(names))
      archive.readEntry()
    })
  })
}

const visible = (page: Page, text: string | RegExp) => expect.poll(() => page.getByText(text).first().isVisible(), { timeout: 20_000 }).toBe(true)

describe('your data and deleting an account in the browser', () => {
  it('requests an export, is notified, and downloads the zip', async () => {
    const { context, page, api } = await signedIn('data.keeper')
    const form = new FormData()
    form.append('files', new File([readFileSync(path.join(FIXTURES, 'Landscape_1.jpg'))], 'Landscape_1.jpg'))
    const post = await api.post.create(form)

    await page.goto(`${s.base}/settings/your-data`)
    await page.getByRole('button', { name: 'Request download' }).click()
    await visible(page, 'Your data is ready.')
    expect(serious(await axeViolations(page, 'main'))).toEqual([])
    await shot(page, 'settings-your-data')

    await page.goto(`${s.base}/notifications`)
    await visible(page, 'Your data is ready to download.')
    expect(serious(await axeViolations(page, 'main'))).toEqual([])
    await shot(page, 'notifications-export-ready')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download' }).click()])
    expect(download.suggestedFilename()).toMatch(/^mosaic-data\.keeper-\d{4}-\d{2}-\d{2}\.zip$/)
    const names = await zipNames(readFileSync((await download.path())!))
    expect(names.sort()).toEqual(['data.json', `photos/${post.id}-1.jpg`])

    // At phone width the section still reads well.
    await page.setViewportSize({ width: 390, height: 800 })
    await page.goto(`${s.base}/settings/your-data`)
    await visible(page, 'Get a copy of what you shared on Mosaic')
    await shot(page, 'settings-your-data-phone')
    await context.close()
  })

  it('deletes the account with its password: signed out, on the sign-in page, and the name no longer signs in', async () => {
    const { context, page } = await signedIn('leaving.soon', 390)
    await page.goto(`${s.base}/settings/delete-account`)
    await visible(page, 'Deleting your account cannot be undone.')
    expect(serious(await axeViolations(page, 'main'))).toEqual([])
    await shot(page, 'settings-delete-account-phone')
    await page.getByRole('button', { name: 'Delete account' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' })
    await dialog.getByLabel('Password').fill('not the password')
    await dialog.getByRole('button', { name: 'Delete my account' }).click()
    await expect.poll(() => dialog.getByText('That password is not right').isVisible(), { timeout: 10_000 }).toBe(true)
    expect(serious(await axeViolations(page, 'dialog[open]'))).toEqual([])
    await shot(page, 'settings-delete-account-dialog')

    await dialog.getByLabel('Password').fill(PASSWORD)
    await dialog.getByRole('button', { name: 'Delete my account' }).click()
    await page.waitForURL(/\/signin$/, { timeout: 20_000 })
    await visible(page, 'Your account was deleted.')
    expect((await context.cookies()).some((c) => c.name === 'mosaic_session')).toBe(false)
    await page.getByLabel('Username or email').fill('leaving.soon')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await visible(page, 'Incorrect username or password')
    await context.close()
  })

  it('the photo picker marks two bad files at once, before sending and from the server\'s answer', async () => {
    const { context, page } = await signedIn('picky.poster')
    await page.goto(`${s.base}/new`)
    await expect.poll(() => page.getByLabel('Select photos').count(), { timeout: 10_000 }).toBe(1)
    // Before any byte is sent: a drawing (type) and a photo over one megapixel (from its decoded preview).
    await page.getByLabel('Select photos').setInputFiles([
      path.join(FIXTURES, 'Landscape_1.jpg'),
      path.join(FIXTURES, 'check.svg'),
      path.join(FIXTURES, 'flowers.jpeg'),
    ])
    await visible(page, /This is an SVG drawing/)
    await visible(page, /1920 × 1080 \(2 megapixels\); each photo can be at most 1 megapixel\./)
    expect(await page.locator('[data-problem]').count()).toBe(2)
    await shot(page, 'new-post-two-bad-files-local')
    await page.getByRole('button', { name: 'Remove photo 3' }).click()
    await page.getByRole('button', { name: 'Remove photo 2' }).click()

    // What only the server can tell: a damaged JPEG and a drawing dressed as a PNG, both named on their tiles in one answer.
    await page.getByLabel('Select photos').setInputFiles([
      { name: 'damaged.jpg', mimeType: 'image/jpeg', buffer: readFileSync(path.join(FIXTURES, 'corrupt-header.jpg')) },
      { name: 'drawing.png', mimeType: 'image/png', buffer: readFileSync(path.join(FIXTURES, 'check.svg')) },
    ])
    expect(await page.locator('[data-problem]').count()).toBe(0)
    await page.getByRole('button', { name: 'Share' }).click()
    await visible(page, '2 photos can’t be shared. Remove the ones marked in red, then try again.')
    expect(await page.locator('[data-problem]').count()).toBe(2)
    await visible(page, /^This file is an SVG/)
    expect(serious(await axeViolations(page, 'main'))).toEqual([])
    await shot(page, 'new-post-two-bad-files-server')
    await context.close()
  })
})
