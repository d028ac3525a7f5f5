// The share and post menu in a browser: the feed's time and photo open the post, ⋯ → Copy link
// gives a link that opens it, a report reaches the admin (named through the CLI) on /admin/reports,
// and the author turns comments off.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { eq, schema } from '@mosaic/db'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { axeViolations } from './axe.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()
const CLI = path.resolve(import.meta.dirname, '../dist/cli.js')
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }

async function personIn(username: string, viewport = DESKTOP): Promise<{ context: BrowserContext; token: string; page: Page }> {
  const { token } = await (await s.t.caller()).auth.signUp({ username, email: `${username}@example.test`, password: 'a long password' })
  const context = await s.browser.newContext({ viewport })
  await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.base })
  return { context, token, page: await context.newPage() }
}

/** Serious or critical axe violations on the page (or within `selector`). */
const seriousViolations = async (page: Page, selector?: string) =>
  (await axeViolations(page, selector)).filter((v) => v.impact === 'serious' || v.impact === 'critical')

describe('the post menu', () => {
  it('opens, shares, reports and moderates a post', { timeout: 120_000 }, async () => {
    const mia = await personIn('mia.author')
    const leo = await personIn('leo.reader')
    const ada = await personIn('ada.admin', PHONE)
    const miaApi = await s.t.caller(mia.token)
    const form = new FormData()
    form.append('files', new File([new Uint8Array(readFileSync(path.join(FIXTURES, 'flowers.jpeg')))], 'flowers.jpeg'))
    form.append('caption', 'Tulips on the table')
    const post = await miaApi.post.create(form)
    await (await s.t.caller(leo.token)).user.follow({ username: 'mia.author' })
    await s.t.app.deps.queue.drain()

    // The time in the feed opens the post in the modal.
    const feed = leo.page
    await feed.goto(`${s.base}/`)
    const card = feed.getByRole('article', { name: 'Post by mia.author' })
    await expect.poll(() => card.isVisible(), { timeout: 20_000 }).toBe(true)
    await card.locator(`a[href="/p/${post.id}"]`).first().click()
    const dialog = feed.getByRole('dialog')
    await expect.poll(() => dialog.getByText('Tulips on the table').isVisible()).toBe(true)
    expect(new URL(feed.url()).pathname).toBe(`/p/${post.id}`)
    await feed.keyboard.press('Escape')
    await expect.poll(() => new URL(feed.url()).pathname).toBe('/')

    // So does a click on the photo.
    await card.getByRole('img').first().click()
    await expect.poll(() => dialog.getByText('Tulips on the table').isVisible()).toBe(true)
    expect(new URL(feed.url()).pathname).toBe(`/p/${post.id}`)
    await feed.keyboard.press('Escape')
    await expect.poll(() => new URL(feed.url()).pathname).toBe('/')

    // ⋯ → Copy link: that link opens the post.
    await card.getByRole('button', { name: 'More options' }).click()
    const menu = feed.getByRole('menu', { name: 'Post options' })
    await expect.poll(() => menu.getByRole('menuitem').allTextContents()).toEqual([' Copy link', ' Go to post', ' Unfollow', ' Report'])
    await shot(feed, 'menu-feed-open')
    expect(await seriousViolations(feed, 'main')).toEqual([])
    await menu.getByRole('menuitem', { name: 'Copy link' }).click()
    await expect.poll(() => feed.getByText('Link copied').isVisible()).toBe(true)
    const link = (await feed.evaluate('navigator.clipboard.readText()')) as string
    expect(link).toBe(`${s.base}/p/${post.id}`)
    await feed.goto(link)
    const postPage = feed.getByRole('article').first()
    await expect.poll(() => postPage.getByText('Tulips on the table').isVisible()).toBe(true)

    // Report it, from the post page.
    await postPage.getByRole('button', { name: 'More options' }).click()
    await feed.getByRole('menuitem', { name: 'Report' }).click()
    const report = feed.getByRole('dialog', { name: 'Report post' })
    await expect.poll(() => report.isVisible()).toBe(true)
    expect(await seriousViolations(feed, 'dialog[open]')).toEqual([])
    await shot(feed, 'menu-report-dialog')
    await report.getByRole('radio', { name: 'Spam' }).check()
    await report.getByRole('button', { name: 'Report', exact: true }).click()
    await expect.poll(() => report.getByText('Thanks for letting us know').isVisible()).toBe(true)
    await report.getByRole('button', { name: 'Done' }).click()
    const rows = await s.t.app.engines.db.db.select().from(schema.reports).where(eq(schema.reports.postId, post.id))
    expect(rows.map((r) => r.reason)).toEqual(['Spam'])

    // Not an admin: no Reports link, and the page is not there.
    await feed.goto(`${s.base}/admin/reports`)
    await expect.poll(() => feed.getByRole('heading', { name: "Sorry, this page isn't available." }).isVisible()).toBe(true)
    expect(await feed.getByRole('link', { name: 'Reports' }).count()).toBe(0)

    // The operator names Ada an admin with the CLI; she sees the report on her phone.
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'admin', 'grant', 'ada.admin'], {
      env: { DATABASE_URL: s.t.config.DATABASE_URL ?? '', DATA_DIR: s.t.config.DATA_DIR, LOG_LEVEL: 'silent' },
    })
    expect(stdout.trim()).toBe('@ada.admin is now an admin')
    const admin = ada.page
    await admin.goto(`${s.base}/`)
    await admin.getByRole('button', { name: 'More' }).click()
    await admin.getByRole('link', { name: 'Reports' }).click()
    const list = admin.getByRole('list', { name: 'Reports' })
    await expect.poll(() => list.getByText('Spam').isVisible(), { timeout: 20_000 }).toBe(true)
    await expect.poll(() => list.getByRole('link', { name: 'Post by @mia.author' }).isVisible()).toBe(true)
    expect(await list.getByText('@leo.reader').isVisible()).toBe(true)
    await expect.poll(() => list.getByRole('img').evaluate((img) => Reflect.get(img, 'complete') === true && Number(Reflect.get(img, 'naturalWidth')) > 0)).toBe(true)
    expect(await seriousViolations(admin, 'main')).toEqual([])
    await shot(admin, 'menu-admin-reports-phone')
    await admin.setViewportSize(DESKTOP)
    await shot(admin, 'menu-admin-reports-desktop')

    // The author turns comments off: the box goes, and says why.
    const own = mia.page
    await own.goto(`${s.base}/p/${post.id}`)
    await own.getByRole('article').first().getByRole('button', { name: 'More options' }).click()
    await expect.poll(() => own.getByRole('menuitem').allTextContents()).toEqual([' Copy link', ' Edit caption', ' Turn off commenting', ' Delete post'])
    await own.getByRole('menuitem', { name: 'Turn off commenting' }).click()
    await expect.poll(() => own.getByText('Comments on this post have been turned off.').isVisible()).toBe(true)
    expect(await own.getByRole('combobox', { name: 'Add a comment' }).count()).toBe(0)
    expect(await seriousViolations(own, 'main')).toEqual([])
    await shot(own, 'menu-comments-off')
    await feed.goto(`${s.base}/p/${post.id}`)
    await expect.poll(() => feed.getByText('Comments on this post have been turned off.').isVisible()).toBe(true)
    expect(await feed.getByRole('combobox', { name: 'Add a comment' }).count()).toBe(0)

    // Editing the caption on desktop keeps Save and Cancel on screen.
    await own.getByRole('article').first().getByRole('button', { name: 'More options' }).click()
    await own.getByRole('menuitem', { name: 'Edit caption' }).click()
    const save = own.getByRole('button', { name: 'Save' })
    await expect.poll(() => save.isVisible()).toBe(true)
    const box = await save.boundingBox()
    expect(box && box.y + box.height).toBeLessThanOrEqual(DESKTOP.height)
    await shot(own, 'menu-edit-caption-desktop')

    // At phone width: the card's ⋯ sits beside the author, the box says comments are off.
    await feed.setViewportSize(PHONE)
    await feed.goto(`${s.base}/`)
    await expect.poll(() => card.isVisible(), { timeout: 20_000 }).toBe(true)
    expect(await card.getByRole('combobox', { name: 'Add a comment' }).count()).toBe(0)
    await card.getByRole('button', { name: 'More options' }).click()
    await shot(feed, 'menu-feed-phone')

    for (const who of [mia, leo, ada]) await who.context.close()
  })
})
