// Account settings in the browser: change password signs the other browser out; a forgotten
// password is reset through a mail read from a real SMTP server started here.
import { createServer, type AddressInfo } from 'node:net'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../src/testing/harness.ts'
import { resetLinkIn, startSmtp } from '../src/testing/smtp.ts'
import { axeViolations } from './axe.ts'
import { launch, shot } from './browser.ts'

const PASSWORD = 'correct horse battery'
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'

const s = {} as { t: TestApp; base: string; browser: Awaited<ReturnType<typeof launch>>; smtp: Awaited<ReturnType<typeof startSmtp>> }

/** A port free right now, so PUBLIC_URL (what mailed links start with) can name it before the server listens. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })

beforeAll(async () => {
  s.smtp = await startSmtp()
  const port = await freePort()
  s.base = `http://127.0.0.1:${port}`
  s.t = await startTestApp({ web: true, env: { SMTP_URL: s.smtp.url, PUBLIC_URL: s.base } })
  await s.t.app.server.listen({ port, host: '127.0.0.1' })
  s.browser = await launch()
})
afterAll(async () => {
  await s.browser?.close()
  await s.t?.close()
  await s.smtp?.close()
})

/** Serious or critical axe violations of the page's main content (none allowed). */
const seriousViolations = async (page: Page, selector = 'main') => (await axeViolations(page, selector)).filter((v) => v.impact === 'serious' || v.impact === 'critical')

async function signIn(context: BrowserContext, login: string, password: string) {
  const page = await context.newPage()
  await page.goto(`${s.base}/signin`)
  await page.getByLabel('Username or email').fill(login)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${s.base}/`)
  return page
}

describe('account settings in the browser', () => {
  it('changing the password in one browser signs the other one out; sessions, email and blocked accounts', async () => {
    const u = await s.t.user()
    const other = await s.t.user()
    const laptop = await s.browser.newContext({ viewport: DESKTOP })
    const phone = await s.browser.newContext({ viewport: PHONE, isMobile: true, userAgent: ANDROID_CHROME })
    const desk = await signIn(laptop, u.username, PASSWORD)
    const mobile = await signIn(phone, u.username, PASSWORD)

    // Both browsers are listed, with a readable device; this one is marked.
    for (const [page, name] of [[desk, 'desktop'], [mobile, 'phone']] as const) {
      await page.goto(`${s.base}/settings/sessions`)
      const list = page.getByRole('list', { name: 'Sessions' })
      await expect.poll(() => list.getByRole('listitem').count()).toBe(3)
      await expect.poll(() => list.getByText('This device').count()).toBe(1)
      await expect.poll(() => list.getByText('Chrome on Linux').isVisible()).toBe(true)
      await expect.poll(() => list.getByText('Chrome on Android').isVisible()).toBe(true)
      expect(await seriousViolations(page)).toEqual([])
      await shot(page, `${name}-settings-sessions`)
    }

    await desk.goto(`${s.base}/settings/password`)
    await desk.getByLabel('Current password').fill('not my password')
    await desk.getByLabel('New password', { exact: true }).fill('a new long passphrase')
    await desk.getByLabel('New password, again').fill('a new long passphrase')
    await desk.getByRole('button', { name: 'Change password' }).click()
    await expect.poll(() => desk.getByText('That password is incorrect').isVisible()).toBe(true)
    await desk.getByLabel('Current password').fill(PASSWORD)
    await desk.getByRole('button', { name: 'Change password' }).click()
    await expect.poll(() => desk.getByText('Password changed. Every other device has been signed out.').isVisible()).toBe(true)
    expect(await seriousViolations(desk)).toEqual([])
    await shot(desk, 'desktop-settings-password')

    // The phone is signed out at once: its next page asks it to sign in.
    await mobile.goto(`${s.base}/settings`)
    await mobile.waitForURL(/\/signin/)
    // The laptop is still in, and now the only session.
    await desk.goto(`${s.base}/settings/sessions`)
    await expect.poll(() => desk.getByRole('list', { name: 'Sessions' }).getByRole('listitem').count()).toBe(1)

    // Blocked accounts, with Unblock.
    const token = (await laptop.cookies()).find((c) => c.name === 'mosaic_session')!.value
    await (await s.t.caller(token)).user.block({ username: other.username })
    await desk.goto(`${s.base}/settings/blocked`)
    await expect.poll(() => desk.getByRole('list', { name: 'Blocked accounts' }).getByText(other.username).isVisible()).toBe(true)
    expect(await seriousViolations(desk)).toEqual([])
    await shot(desk, 'desktop-settings-blocked')
    await desk.getByRole('button', { name: `Unblock ${other.username}` }).click()
    await expect.poll(() => desk.getByText('Unblocked').isVisible()).toBe(true)
    expect((await (await s.t.caller(token)).user.blocked({})).items).toEqual([])

    // Email: a taken address is refused inline; a free one is taken.
    await desk.goto(`${s.base}/settings/email`)
    await desk.getByLabel('New email').fill(`${other.username}@example.test`)
    await desk.getByLabel('Password').fill('a new long passphrase')
    await desk.getByRole('button', { name: 'Change email' }).click()
    await expect.poll(() => desk.getByText('An account with that email already exists').isVisible()).toBe(true)
    await desk.getByLabel('New email').fill(`moved.${u.username}@example.test`)
    await desk.getByRole('button', { name: 'Change email' }).click()
    await expect.poll(() => desk.getByText(`Your email is now moved.${u.username}@example.test.`).isVisible()).toBe(true)
    expect(await seriousViolations(desk)).toEqual([])
    await shot(desk, 'desktop-settings-email')

    // The phone signs back in with the new password and sees the settings menu at its width.
    const back = await signIn(phone, u.username, 'a new long passphrase')
    await back.goto(`${s.base}/settings/password`)
    await expect.poll(() => back.getByRole('button', { name: 'Change password' }).isVisible()).toBe(true)
    expect(await seriousViolations(back)).toEqual([])
    await shot(back, 'phone-settings-password')
    await laptop.close()
    await phone.close()
  })

  it('forgot password: the mailed link sets a new password, and it signs in', async () => {
    const u = await s.t.user()
    const email = `${u.username}@example.test`
    for (const [viewport, name] of [[PHONE, 'phone'], [DESKTOP, 'desktop']] as const) {
      const context = await s.browser.newContext({ viewport })
      const page = await context.newPage()
      const newPassword = `reset on the ${name}`
      await page.goto(`${s.base}/signin`)
      await page.getByRole('link', { name: 'Forgot password?' }).click()
      await page.waitForURL(`${s.base}/forgot-password`)
      await page.getByLabel('Email').fill(email)
      await page.getByRole('button', { name: 'Send reset link' }).click()
      await expect.poll(() => page.getByText('a link to reset its password is on its way').isVisible()).toBe(true)
      expect(await seriousViolations(page)).toEqual([])
      await shot(page, `${name}-forgot-password-sent`)

      const link = resetLinkIn(await s.smtp.next(email))
      expect(link.origin).toBe(s.base)
      await page.goto(link.href)
      await page.getByLabel('New password', { exact: true }).fill(newPassword)
      await page.getByLabel('New password, again').fill(newPassword)
      expect(await seriousViolations(page)).toEqual([])
      await shot(page, `${name}-reset-password`)
      await page.getByRole('button', { name: 'Set new password' }).click()
      await expect.poll(() => page.getByText('Your password has been changed.').isVisible()).toBe(true)

      // The link works once.
      await page.goto(link.href)
      await page.getByLabel('New password', { exact: true }).fill('yet another passphrase')
      await page.getByLabel('New password, again').fill('yet another passphrase')
      await page.getByRole('button', { name: 'Set new password' }).click()
      await expect.poll(() => page.getByText('This reset link is invalid or has expired').isVisible()).toBe(true)

      await page.goto(`${s.base}/signin`)
      await page.getByLabel('Username or email').fill(u.username)
      await page.getByLabel('Password').fill(newPassword)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${s.base}/`)
      await context.close()
    }
  })
})
