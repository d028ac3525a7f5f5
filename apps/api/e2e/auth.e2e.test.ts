import { describe, expect, it } from 'vitest'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

describe('a person in the browser', () => {
  it('signs up, edits their profile, signs out, fails with a wrong password, and signs back in', async () => {
    for (const viewport of [
      { name: 'desktop', width: 1280, height: 800 },
      { name: 'phone', width: 390, height: 844 },
    ]) {
      const context = await s.browser.newContext({ viewport })
      const page = await context.newPage()
      const username = `e2e.${viewport.name}`
      await page.goto(`${s.base}/signup`)

      // The server's own validation shows inline, under the field.
      await page.getByLabel('Username').fill('ab')
      await page.getByLabel('Email').fill('not-an-email')
      await page.getByLabel('Password').fill('short')
      await page.getByRole('button', { name: 'Sign up' }).click()
      await expect.poll(() => page.getByText('Usernames are at least 3 characters').isVisible()).toBe(true)
      await shot(page, `${viewport.name}-signup-errors`)

      await page.getByLabel('Username').fill(username)
      await page.getByLabel('Email').fill(`${username}@example.test`)
      await page.getByLabel('Password').fill('a good long password')
      await page.getByLabel('Display name (optional)').fill(`E2E ${viewport.name}`)
      await page.getByRole('button', { name: 'Sign up' }).click()
      await page.waitForURL(`${s.base}/`)
      await expect.poll(() => page.getByRole('heading', { name: /^Welcome to Mosaic/ }).isVisible()).toBe(true)
      await shot(page, `${viewport.name}-home`)

      await page.goto(`${s.base}/${username}`)
      await expect.poll(() => page.getByRole('heading', { level: 1, name: username }).isVisible()).toBe(true)
      await page.getByRole('button', { name: 'Edit profile' }).click()
      await page.getByLabel('Bio').fill('Taking pictures of <b>bridges</b>')
      await page.getByLabel('Private account').check()
      await page.getByRole('button', { name: 'Save' }).click()
      await expect.poll(() => page.getByText('Taking pictures of <b>bridges</b>').isVisible()).toBe(true)
      await shot(page, `${viewport.name}-profile`)
      const profile = await (await s.t.caller()).user.byUsername({ username })
      expect(profile).toMatchObject({ bio: 'Taking pictures of <b>bridges</b>', isPrivate: true })

      if (viewport.name === 'phone') await page.getByRole('button', { name: 'More' }).click()
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL(/\/signin/)

      await page.getByLabel('Username or email').fill(username)
      await page.getByLabel('Password').fill('not my password')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect.poll(() => page.getByText('Incorrect username or password').isVisible()).toBe(true)
      await shot(page, `${viewport.name}-signin-wrong-password`)

      await page.getByLabel('Password').fill('a good long password')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${s.base}/`)
      const cookies = await context.cookies()
      expect(cookies.find((c) => c.name === 'mosaic_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
      await context.close()
    }
  })
})
