// A post opened from a grid steps to the grid's previous and next post with ←/→ (and with buttons
// on desktop); closing still returns to the grid. Opened from elsewhere there is nothing to step to.
import path from 'node:path'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { axeViolations } from './axe.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

type Person = Awaited<ReturnType<typeof s.t.user>>
let author: Person
const ids: string[] = []

beforeAll(async () => {
  author = await s.t.user('finn.grid')
  // Newest first on the profile: third, second, first.
  for (const [i, name] of ['flowers.jpeg', 'concert.jpg', 'Landscape_1.jpg'].entries()) {
    const f = new FormData()
    f.append('files', new File([new Uint8Array(readFileSync(path.join(FIXTURES, name)))], name))
    f.append('caption', `Grid post ${i + 1} #gridwalk`)
    ids.unshift((await author.api.post.create(f)).id)
  }
  await s.t.app.deps.queue.drain()
})

describe('the post modal over a grid', () => {
  it('steps through the grid with the arrow keys and the buttons, and closes back to the grid', async () => {
    const context = await s.browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.addCookies([{ name: 'mosaic_session', value: author.token, url: s.base }])
    const page = await context.newPage()
    await page.goto(`${s.base}/finn.grid`)
    const grid = page.getByRole('list', { name: 'Posts' })
    await expect.poll(() => grid.getByRole('link').count(), { timeout: 20_000 }).toBe(3)

    await grid.getByRole('link').nth(1).click()
    await page.waitForURL(`${s.base}/p/${ids[1]}`)
    const dialog = page.getByRole('dialog', { name: 'Post' })
    await expect.poll(() => dialog.getByText('Grid post 2').isVisible(), { timeout: 15_000 }).toBe(true)
    await expect.poll(() => page.getByRole('button', { name: 'Previous post' }).isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('button', { name: 'Next post' }).isVisible()).toBe(true)
    await shot(page, 'postmodal-steps-desktop')
    expect((await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([])

    await page.keyboard.press('ArrowRight')
    await page.waitForURL(`${s.base}/p/${ids[2]}`)
    await expect.poll(() => dialog.getByText('Grid post 1').isVisible()).toBe(true)
    // The last post has no next.
    await expect.poll(() => page.getByRole('button', { name: 'Next post' }).count()).toBe(0)
    await page.keyboard.press('ArrowRight')
    expect(page.url()).toBe(`${s.base}/p/${ids[2]}`)

    await page.keyboard.press('ArrowLeft')
    await page.waitForURL(`${s.base}/p/${ids[1]}`)
    await page.getByRole('button', { name: 'Previous post' }).click()
    await page.waitForURL(`${s.base}/p/${ids[0]}`)
    await expect.poll(() => dialog.getByText('Grid post 3').isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('button', { name: 'Previous post' }).count()).toBe(0)

    // Typing a comment keeps the arrow keys in the field.
    const field = dialog.getByRole('combobox', { name: 'Add a comment' })
    await field.fill('ab')
    await field.press('ArrowLeft')
    expect(page.url()).toBe(`${s.base}/p/${ids[0]}`)

    // Each step replaced the last: one Escape is back on the grid.
    await page.keyboard.press('Escape')
    await page.waitForURL(`${s.base}/finn.grid`)
    await expect.poll(() => dialog.count()).toBe(0)

    // The post page (a link opened directly) has no steps.
    await page.goto(`${s.base}/p/${ids[1]}`)
    await expect.poll(() => page.getByText('Grid post 2').isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: 'Next post' }).count()).toBe(0)
    await context.close()
  })
})
