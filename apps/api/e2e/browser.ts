// Headless Chromium for the end-to-end suites (Debian's build; never a downloaded one).
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { startTestApp, type TestApp } from '../src/testing/harness.ts'

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../.artifacts/screenshots')

export async function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true })

/** A real app serving the built web app, and one Chromium, for the length of a test file; `env` configures the app. */
export function browserSuite({ env }: { env?: Record<string, string> } = {}) {
  const s = {} as { t: TestApp; base: string; browser: Browser }
  beforeAll(async () => {
    s.t = await startTestApp({ web: true, ...(env ? { env } : {}) })
    s.base = await s.t.listen()
    s.browser = await launch()
  })
  afterAll(async () => {
    await s.browser?.close()
    await s.t?.close()
  })
  return s
}
