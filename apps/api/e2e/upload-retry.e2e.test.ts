import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

describe('sharing while the server is busy', () => {
  it('waits out a lost connection and a 503, retries with the same Idempotency-Key, and makes one post', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const { token, user } = await (await s.t.caller()).auth.signUp({ username: 'busy.sharer', email: 'busy@example.test', password: 'a long password' })
    await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])

    // The first try loses its connection (a full server closing on a body it will not read can look
    // like that to a browser), the second meets a full upload queue as the server answers it.
    const keys: (string | undefined)[] = []
    await page.route('**/trpc/post.create', async (route) => {
      keys.push(route.request().headers()['idempotency-key'])
      if (keys.length === 1) return route.abort('connectionreset')
      if (keys.length === 2) {
        return route.fulfill({
          status: 503,
          headers: { 'retry-after': '1', 'content-type': 'application/json' },
          body: JSON.stringify({ error: { message: 'Too many uploads are waiting right now', code: -32603, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 } } }),
        })
      }
      return route.continue()
    })

    await page.goto(`${s.base}/new`)
    await page.getByLabel('Select photos').setInputFiles([path.join(FIXTURES, 'flowers.jpeg')])
    await page.getByRole('button', { name: 'Share' }).click()
    await expect.poll(() => page.getByText('waiting…').isVisible()).toBe(true)
    await shot(page, 'new-post-waiting')
    await page.waitForURL(/\/p\/[0-9a-f-]{36}$/, { timeout: 30_000 })

    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{1,128}$/)
    const posts = await (await s.t.caller(token)).post.byUser({ username: user.username, limit: 10 })
    expect(posts.items).toHaveLength(1)
    await context.close()
  })
})
