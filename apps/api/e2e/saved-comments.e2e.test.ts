import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { FIXTURES } from '../src/testing/harness.ts'
import { axeViolations } from './axe.ts'
import { browserSuite, shot } from './browser.ts'

const s = browserSuite()

async function personIn(username: string, width = 1280): Promise<{ context: BrowserContext; token: string }> {
  const { token } = await (await s.t.caller()).auth.signUp({ username, email: `${username}@example.test`, password: 'a long password' })
  const context = await s.browser.newContext({ viewport: { width, height: width < 500 ? 844 : 800 } })
  await context.addCookies([{ name: 'mosaic_session', value: token, url: s.base }])
  return { context, token }
}

const photo = (name: string, caption: string) => {
  const form = new FormData()
  form.append('files', new File([new Uint8Array(readFileSync(path.join(FIXTURES, name)))], name))
  form.append('caption', caption)
  return form
}

/** The page under a loaded machine: a poll waits up to 15 s (Vitest's default is 1 s). */
const until = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 })

/** Nothing serious or critical that axe-core finds in the page (or within `selector`). */
async function accessible(page: Page, selector?: string) {
  const found = await axeViolations(page, selector)
  expect(found.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([])
}

describe('saved posts, replies, comment likes and mentions', () => {
  it('saves a post from the feed and finds it in the Saved tab, which only its owner has', async () => {
    const ana = await personIn('ana.saved')
    const ben = await personIn('ben.saver')
    const anaApi = await s.t.caller(ana.token)
    const post = await anaApi.post.create(photo('flowers.jpeg', 'Worth keeping'))
    await (await s.t.caller(ben.token)).user.follow({ username: 'ana.saved' })
    await s.t.app.deps.queue.drain()

    const page = await ben.context.newPage()
    await page.goto(`${s.base}/`)
    const card = page.getByRole('article', { name: 'Post by ana.saved' })
    await card.getByRole('button', { name: 'Save', exact: true }).click()
    await until(() => card.getByRole('button', { name: 'Remove from saved' }).getAttribute('aria-pressed')).toBe('true')
    // The button turns at once; the save lands when its request does.
    await until(async () => (await (await s.t.caller(ben.token)).post.saved({})).items.map((p) => p.id)).toEqual([post.id])
    await shot(page, 'saved-feed-bookmark')

    await page.goto(`${s.base}/ben.saver`)
    await page.getByRole('tab', { name: 'Saved' }).click()
    const grid = page.getByRole('list', { name: 'Saved posts' })
    await until(() => grid.getByRole('link').count()).toBe(1)
    await accessible(page, 'main')
    await shot(page, 'saved-tab-desktop')

    // Someone else's profile has no Saved tab.
    await page.goto(`${s.base}/ana.saved`)
    await until(() => page.getByRole('heading', { name: 'Posts' }).isVisible()).toBe(true)
    expect(await page.getByRole('tab', { name: 'Saved' }).count()).toBe(0)

    const phone = await s.browser.newContext({ viewport: { width: 390, height: 844 } })
    await phone.addCookies([{ name: 'mosaic_session', value: ben.token, url: s.base }])
    const small = await phone.newPage()
    await small.goto(`${s.base}/ben.saver?tab=saved`)
    await until(() => small.getByRole('list', { name: 'Saved posts' }).getByRole('link').count()).toBe(1)
    await shot(small, 'saved-tab-phone')
    await phone.close()
    await ana.context.close()
    await ben.context.close()
  })

  it('suggests people to @mention in the comment box, replies to a comment and likes it', async () => {
    const ana = await personIn('ana.thread')
    const ben = await personIn('ben.thread')
    await personIn('cara.mention')
    const anaApi = await s.t.caller(ana.token)
    const benApi = await s.t.caller(ben.token)
    await benApi.user.follow({ username: 'cara.mention' })
    const post = await anaApi.post.create(photo('Landscape_3.jpg', 'Morning walk'))
    await anaApi.comment.add({ postId: post.id, text: 'First light was lovely' })
    const busy = await benApi.comment.add({ postId: post.id, text: 'Where is this?' })
    for (const text of ['Near the lake', 'On the north shore', 'Worth the climb']) await anaApi.comment.add({ postId: post.id, text, parentId: busy.id })

    const page = await ben.context.newPage()
    await page.goto(`${s.base}/p/${post.id}`)
    const main = page.getByRole('main')
    const box = main.getByRole('combobox', { name: 'Add a comment' })

    // @mention: the list opens on "@car", Enter inserts the username.
    await box.click()
    await box.pressSequentially('Look @car')
    const options = page.getByRole('listbox', { name: 'People to mention' })
    await until(() => options.getByRole('option', { name: /cara\.mention/ }).isVisible()).toBe(true)
    expect(await box.getAttribute('aria-expanded')).toBe('true')
    await accessible(page, 'main')
    await shot(page, 'mention-suggestions')
    await box.press('Enter')
    await until(() => box.inputValue()).toBe('Look @cara.mention ')
    expect(await box.getAttribute('aria-expanded')).toBe('false')
    await box.press('Escape')
    await box.fill('')

    // The same in a caption: people followed come first, Tab picks, and the text after the caret stays.
    await page.goto(`${s.base}/new`)
    const caption = page.getByRole('combobox', { name: 'Caption' })
    await caption.click()
    await caption.pressSequentially('With @c')
    const people = page.getByRole('listbox', { name: 'People to mention' })
    await until(() => people.getByRole('option').first().textContent()).toContain('cara.mention')
    await shot(page, 'mention-caption')
    await caption.press('Tab')
    await until(() => caption.inputValue()).toBe('With @cara.mention ')
    await accessible(page, 'main')
    await page.goto(`${s.base}/p/${post.id}`)

    // More replies than the two shown: "View 1 more reply" loads the rest.
    await until(() => main.getByRole('list', { name: 'Replies to ben.thread' }).getByText('On the north shore').isVisible()).toBe(true)
    await main.getByRole('button', { name: 'View 1 more reply' }).click()
    await until(() => main.getByText('Worth the climb').isVisible()).toBe(true)

    // Reply: the box starts with @ana.thread, the reply shows under the comment.
    await main.getByRole('button', { name: 'Reply to ana.thread' }).first().click()
    await until(() => box.inputValue()).toBe('@ana.thread ')
    await until(() => main.getByText('Replying to ana.thread').isVisible()).toBe(true)
    await box.pressSequentially('it really was')
    await box.press('Enter')
    const replies = main.getByRole('list', { name: 'Replies to ana.thread' })
    await until(() => replies.getByText('it really was').isVisible()).toBe(true)
    await until(() => box.inputValue()).toBe('')

    // Like the comment: the heart is pressed and the count shows.
    const heart = main.getByRole('button', { name: 'Like comment by ana.thread' }).first()
    await heart.click()
    await until(() => heart.getAttribute('aria-pressed')).toBe('true')
    await until(() => main.getByText('1 like', { exact: true }).isVisible()).toBe(true)
    await until(async () => (await anaApi.comment.list({ postId: post.id })).items[0]?.likeCount).toBe(1)
    const thread = (await anaApi.comment.list({ postId: post.id })).items
    expect(thread[0]).toMatchObject({ text: 'First light was lovely', likeCount: 1, replyCount: 1 })
    expect(thread[0]!.replies![0]).toMatchObject({ text: '@ana.thread it really was', author: { username: 'ben.thread' } })
    await accessible(page, 'main')
    await shot(page, 'comments-replies-desktop')

    const phone = await s.browser.newContext({ viewport: { width: 390, height: 844 } })
    await phone.addCookies([{ name: 'mosaic_session', value: ben.token, url: s.base }])
    const small = await phone.newPage()
    await small.goto(`${s.base}/p/${post.id}`)
    await until(() => small.getByText('it really was').isVisible()).toBe(true)
    await shot(small, 'comments-replies-phone')
    await phone.close()
    await ana.context.close()
    await ben.context.close()
  })
})
