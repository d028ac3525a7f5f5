import path from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

async function personIn(username: string): Promise<{ context: BrowserContext; token: string }> {
  const { token } = await (await s.t.caller()).auth.signUp({ username, email: `${username}@example.test`, password: 'a long password' })
  const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])
  return { context, token }
}

describe('two people in two browsers', () => {
  it('requests to follow a private account, gets approved, sees the photos, and their like and comment notify the owner', async () => {
    const ana = await personIn('ana.private')
    const ben = await personIn('ben.fan')
    const anaApi = await s.t.caller(ana.token)
    await anaApi.user.update({ isPrivate: true })
    const form = new FormData()
    form.append('files', new File([new Uint8Array((await import('node:fs')).readFileSync(path.join(FIXTURES, 'flowers.jpeg')))], 'flowers.jpeg'))
    form.append('caption', 'Only for friends')
    await anaApi.post.create(form)

    const benPage = await ben.context.newPage()
    await benPage.goto(`${s.base}/ana.private`)
    await expect.poll(() => benPage.getByRole('heading', { name: 'This account is private' }).isVisible()).toBe(true)
    await benPage.getByRole('button', { name: 'Follow', exact: true }).click()
    await expect.poll(() => benPage.getByRole('button', { name: 'Requested', exact: true }).isVisible()).toBe(true)
    await shot(benPage, 'social-requested')

    const anaPage = await ana.context.newPage()
    await anaPage.goto(`${s.base}/notifications`)
    await anaPage.getByRole('link', { name: /Follow requests \(1\)/ }).click()
    await anaPage.getByRole('button', { name: 'Confirm', exact: true }).click()
    await expect.poll(() => anaPage.getByText('Confirmed').isVisible()).toBe(true)

    await benPage.reload()
    const grid = benPage.getByRole('list', { name: 'Posts' })
    await expect.poll(() => grid.getByRole('link').count()).toBe(1)
    await grid.getByRole('link').first().click()
    const dialog = benPage.getByRole('dialog')
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await dialog.getByRole('button', { name: 'Like', exact: true }).click()
    await expect.poll(() => dialog.getByRole('button', { name: 'Unlike', exact: true }).isVisible()).toBe(true)
    await dialog.getByRole('combobox', { name: 'Add a comment' }).fill('Gorgeous colours!')
    await dialog.getByRole('button', { name: 'Post', exact: true }).click()
    await expect.poll(() => dialog.getByText('Gorgeous colours!').isVisible()).toBe(true)
    await shot(benPage, 'social-liked-and-commented')

    await s.t.app.deps.queue.drain()
    await anaPage.goto(`${s.base}/`)
    await expect.poll(() => anaPage.getByRole('link', { name: /^Notifications ?, 2 unread$/ }).first().isVisible(), { timeout: 20_000 }).toBe(true)
    await anaPage.goto(`${s.base}/notifications`)
    await expect.poll(() => anaPage.getByText('liked your photo.').isVisible()).toBe(true)
    await expect.poll(() => anaPage.getByRole('main').getByText('Gorgeous colours!', { exact: true }).isVisible()).toBe(true)
    await shot(anaPage, 'social-notifications')
    await ana.context.close()
    await ben.context.close()
  })
})
