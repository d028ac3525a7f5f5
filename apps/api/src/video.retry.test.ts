// A clip whose transcode failed: its owner is told (about a post or a story), and uploading the same
// clip again gives it another try, which also publishes the post that waited on it.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { videoToolsForTests, type TestClips } from '@mosaic/media/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { clip, formOf, testClips } from './testing/video.ts'

describe('a clip whose transcode failed', () => {
  let t: TestApp
  let clips: TestClips
  let removeClips: () => Promise<void>
  let dir: string
  let breakTranscodes: string
  beforeAll(async () => {
    ;({ clips, remove: removeClips } = await testClips())
    // ffmpeg behind a wrapper that fails every transcode (the poster at upload still works) while a marker file exists.
    dir = mkdtempSync(path.join(tmpdir(), 'mosaic-retry-'))
    breakTranscodes = path.join(dir, 'broken')
    const wrapper = path.join(dir, 'ffmpeg.sh')
    writeFileSync(wrapper, `#!/bin/sh\ncase "$*" in *libx264*|*faststart*) [ -e '${breakTranscodes}' ] && exit 1;; esac\nexec '${videoToolsForTests().ffmpeg}' "$@"\n`)
    chmodSync(wrapper, 0o755)
    t = await startTestApp({ env: { FFMPEG_PATH: wrapper } })
  }, 120_000)
  afterAll(async () => {
    await t.close()
    await removeClips()
    rmSync(dir, { recursive: true, force: true })
  })

  const failing = (on: boolean) => (on ? writeFileSync(breakTranscodes, '') : existsSync(breakTranscodes) && rmSync(breakTranscodes))

  it('is tried again when it is uploaded again, and the post that waited is published with the new one', async () => {
    const [owner, stranger] = await Promise.all([t.user(), t.user()])
    failing(true)
    const first = await owner.api.post.create(formOf('files', [clip(clips.portraitGps, 'video/quicktime')], { caption: 'first try' }))
    await t.app.deps.queue.drain()
    expect((await owner.api.post.byId({ id: first.id })).media[0]).toMatchObject({ kind: 'video', state: 'failed' })
    const told = (await owner.api.notification.list({})).items.filter((n) => n.type === 'media_failed')
    expect(told.map((n) => n.post?.id)).toEqual([first.id])

    failing(false)
    const second = await owner.api.post.create(formOf('files', [clip(clips.portraitGps, 'video/quicktime')], { caption: 'second try' }))
    expect(second.media[0]).toMatchObject({ kind: 'video', state: 'processing' })
    await t.app.deps.queue.drain()
    for (const id of [first.id, second.id]) expect((await stranger.api.post.byId({ id })).media[0]).toMatchObject({ kind: 'video', state: 'ready' })
    // The failure no longer stands: its notification is gone.
    expect((await owner.api.notification.list({})).items.filter((n) => n.type === 'media_failed')).toEqual([])
  })

  it('tells a story’s owner when the story’s clip cannot be converted', async () => {
    const owner = await t.user()
    failing(true)
    await owner.api.story.create(formOf('file', [clip(clips.noAudio)]))
    await t.app.deps.queue.drain()
    failing(false)
    const told = (await owner.api.notification.list({})).items.filter((n) => n.type === 'media_failed')
    expect(told).toHaveLength(1)
    expect(told[0]).toMatchObject({ post: null, actor: { username: owner.username } })
    expect(await owner.api.notification.unreadCount()).toEqual({ count: 1 })
  })
})
