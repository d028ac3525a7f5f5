// A clip through post.create and the worker, end to end: the post is its author's while the clip
// transcodes, and everyone's (followers' feeds, its tag, search) once the transcode is done.
import type { JobQueue } from '@mosaic/core'
import type { TestClips } from '@mosaic/media/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { clip, formOf, testClips } from './testing/video.ts'

const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id)

describe('a video post through post.create and the worker', () => {
  let t: TestApp
  let clips: TestClips
  let removeClips: () => Promise<void>
  beforeAll(async () => {
    t = await startTestApp()
    ;({ clips, remove: removeClips } = await testClips())
  }, 120_000)
  afterAll(async () => {
    await t.close()
    await removeClips()
  })

  it('is its author’s while the clip transcodes, then published once', async () => {
    const [owner, follower, stranger] = await Promise.all([t.user(), t.user(), t.user()])
    await follower.api.user.follow({ username: owner.username })
    // Transcodes are held back until the test lets them run.
    const held: Parameters<JobQueue['enqueue']>[] = []
    const real = t.app.deps.queue
    t.app.deps.queue = { ...real, enqueue: async (...args) => void (args[0] === 'media.transcode' ? held.push(args) : await real.enqueue(...args)) }
    const post = await owner.api.post.create(formOf('files', [clip(clips.hevcMov, 'video/quicktime')], { caption: 'my first clip #firstclip' }))
    t.app.deps.queue = real
    await real.drain()
    expect(post.media[0]).toMatchObject({ kind: 'video', state: 'processing' })
    expect(held.map((h) => h[0])).toEqual(['media.transcode'])
    await expect(stranger.api.post.byId({ id: post.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(ids(await follower.api.feed.home({ mode: 'latest' }))).not.toContain(post.id)
    await expect(stranger.api.tag.summary({ tag: 'firstclip' })).rejects.toMatchObject({ code: 'NOT_FOUND' })

    for (const h of held) await real.enqueue(...h)
    await real.drain()
    const seen = await stranger.api.post.byId({ id: post.id })
    expect(seen.media[0]).toMatchObject({ kind: 'video', state: 'ready' })
    expect(seen.media[0]?.urls.video).toMatch(/video/)
    expect(ids(await follower.api.feed.home({ mode: 'latest' }))).toContain(post.id)
    expect(await stranger.api.tag.summary({ tag: 'firstclip' })).toEqual({ tag: 'firstclip', posts: 1 })
    expect(ids(await stranger.api.search.posts({ q: 'first clip' }))).toContain(post.id)
  })
})
