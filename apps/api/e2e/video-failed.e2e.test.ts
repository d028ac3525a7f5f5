import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { makeTestClips, videoToolsForTests } from '@mosaic/media/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { httpClient } from '../src/testing/harness.ts'
import { axeViolations } from './axe.ts'
import { browserSuite, shot } from './browser.ts'

// An ffmpeg that does everything but the transcode itself (probe and poster work, the served MP4
// is refused), so an uploaded clip is accepted, then fails in the worker as an unreadable one would.
const dir = mkdtempSync(path.join(tmpdir(), 'mosaic-video-failed-'))
const ffmpeg = path.join(dir, 'ffmpeg-that-cannot-transcode')
writeFileSync(ffmpeg, `#!/bin/sh\ncase "$*" in *.mp4) echo "refusing to write an MP4" >&2; exit 1;; esac\nexec '${videoToolsForTests().ffmpeg}' "$@"\n`)
chmodSync(ffmpeg, 0o755)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const s = browserSuite({ env: { FFMPEG_PATH: ffmpeg } })

describe('a video that cannot be processed', () => {
  it('tells its owner on the post and in notifications, and the post can be deleted from there', async () => {
    const clips = await makeTestClips(path.join(dir, 'clips'))
    const me = await s.t.user('clip.failer')
    const form = new FormData()
    form.append('files', new Blob([readFileSync(clips.h264Mp4)], { type: 'video/mp4' }), 'holiday.mp4')
    form.append('caption', 'This one will not convert')
    const created = await httpClient(s.base, me.token).upload('post.create', form)
    expect(created.status).toBe(200)
    const postId = (created.body.result!.data as { id: string }).id
    await expect.poll(async () => (await me.api.post.byId({ id: postId })).media[0]!.state, { timeout: 30_000 }).toBe('failed')

    const context = await s.browser.newContext({ viewport: { width: 390, height: 844 } })
    await context.addCookies([{ name: 'mosaic_session', value: me.token, url: s.base }])
    const page = await context.newPage()

    await page.goto(`${s.base}/notifications`)
    const notice = page.getByRole('list', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: 'Your video in this post could not be processed.' })
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true)
    // The post's thumbnail is the clip's poster (lazy-loaded: waited for, so the screenshot has it).
    const thumb = notice.locator('img')
    await expect.poll(() => thumb.evaluate((img) => Boolean(Reflect.get(img, 'complete')) && Number(Reflect.get(img, 'naturalWidth')) > 0)).toBe(true)
    await shot(page, 'video-failed-notification-phone')
    expect(await axeViolations(page, 'main')).toEqual([])

    await notice.getByRole('link', { name: 'View post' }).click()
    const post = page.getByRole('dialog', { name: 'Post' })
    await expect.poll(() => post.getByText('This video could not be processed').isVisible(), { timeout: 10_000 }).toBe(true)
    expect(await post.locator('video').count()).toBe(0)
    await shot(page, 'video-failed-post-phone')
    expect(await axeViolations(page, 'dialog[open]')).toEqual([])

    await post.getByRole('button', { name: 'Delete post' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete post?' })
    await expect.poll(() => confirm.getByText('This post and its video will be removed').isVisible()).toBe(true)
    await confirm.getByRole('button', { name: 'Delete' }).click()
    await page.waitForURL(`${s.base}/clip.failer`)
    expect((await me.api.post.byUser({ username: 'clip.failer' })).items).toEqual([])
    await context.close()
  })
})
