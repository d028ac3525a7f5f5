// Stories: exactly 24 hours by the clock the queries are given, the tray's order, who has seen
// what, the owner's list of viewers, deletion, the story ring, and the sweep after expiry.
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient, startTestApp, testClock, type TestApp } from './testing/harness.ts'
import { DAY, HOUR, keyOf, outcome, storyForm } from './testing/stories.ts'

// Starts at the real time: rows the clock does not write (media, blobs) are stamped with it.
const clock = testClock()
let t: TestApp
let base: string
beforeAll(async () => {
  t = await startTestApp({ clock })
  base = await t.listen()
})
afterAll(() => t.close())

type User = Awaited<ReturnType<TestApp['user']>>
const followEachOther = async (viewer: User, ...others: User[]) => {
  for (const o of others) await viewer.api.user.follow({ username: o.username })
}

describe('story.create', () => {
  it('stores one photo through the upload route with a 9:16 story size and answers its id and expiry 24 h on', async () => {
    const u = await t.user()
    const res = await httpClient(base, u.token).upload('story.create', storyForm('flowers.jpeg', 'hello'))
    expect(res.status).toBe(200)
    const created = res.body.result!.data as { id: string; expiresAt: string }
    expect(created.expiresAt).toBe(new Date(clock.now().getTime() + DAY).toISOString())

    const entry = await u.api.story.byUser({ username: u.username })
    expect(entry.stories).toHaveLength(1)
    const story = entry.stories[0]!
    expect(story).toMatchObject({ id: created.id, caption: 'hello', seen: false, expiresAt: created.expiresAt, media: { kind: 'image', width: 1920, height: 1080 } })
    // Signed, like a private post's: a story lives a day, an immutable public URL a year.
    expect(story.media.urls.story).toMatch(/-story\.webp\?exp=\d+&sig=/)
    const bytes = await t.app.server.inject({ url: story.media.urls.story })
    expect(bytes.statusCode).toBe(200)
    const meta = await sharp(bytes.rawPayload).metadata()
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['webp', 1080, 608, undefined])
  })

  it('refuses what post.create refuses, and more than one photo, and leaves nothing behind', async () => {
    const u = await t.user()
    await expect(u.api.story.create(storyForm('check.svg'))).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
    await expect(u.api.story.create(storyForm('truncated.jpg'))).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
    await expect(u.api.story.create(new FormData())).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(u.api.story.create(storyForm('Landscape_1.jpg', 'x'.repeat(2201)))).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    const two = storyForm('Landscape_1.jpg')
    two.append('file', storyForm('Landscape_2.jpg').get('file')!)
    const res = await httpClient(base, u.token).upload('story.create', two)
    expect(res.status).toBe(400)
    const anon = await httpClient(base).upload('story.create', storyForm('Landscape_1.jpg'))
    expect(anon.status).toBe(401)
    expect((await u.api.story.byUser({ username: u.username })).stories).toEqual([])
  })

  it('gives content already posted as a photo its story size the first time it is a story', async () => {
    const u = await t.user()
    const post = new FormData()
    post.append('files', storyForm('Landscape_3.jpg').get('file')!)
    await u.api.post.create(post)
    await u.api.story.create(storyForm('Landscape_3.jpg'))
    const [story] = (await u.api.story.byUser({ username: u.username })).stories
    expect((await t.app.server.inject({ url: story!.media.urls.story })).statusCode).toBe(200)
  })
})

describe('exactly 24 hours, by the clock handed to the queries', () => {
  it('is shown 1 ms before its 24 h are up and never at or after, whatever any job did', async () => {
    const start = clock.now().getTime()
    const [owner, viewer] = await Promise.all([t.user(), t.user()])
    await followEachOther(viewer, owner)
    const { id } = await owner.api.story.create(storyForm('Landscape_4.jpg'))

    clock.set(start + DAY - 1)
    expect((await viewer.api.story.byUser({ username: owner.username })).stories.map((s) => s.id)).toEqual([id])
    expect((await viewer.api.story.tray()).map((e) => e.user.username)).toEqual([owner.username])
    expect((await viewer.api.user.byUsername({ username: owner.username })).hasStory).toBe(true)
    expect(await outcome(viewer.api.story.markSeen({ id }))).toBe('OK')
    expect((await owner.api.story.viewers({ id })).items.map((v) => v.username)).toEqual([viewer.username])

    for (const at of [start + DAY, start + DAY + 1]) {
      clock.set(at)
      expect((await viewer.api.story.byUser({ username: owner.username })).stories).toEqual([])
      expect((await viewer.api.story.byUser({ username: owner.username })).user.hasStory).toBe(false)
      expect(await viewer.api.story.tray()).toEqual([])
      expect((await owner.api.story.tray())).toEqual([])
      expect((await viewer.api.user.byUsername({ username: owner.username })).hasStory).toBe(false)
      expect(await outcome(viewer.api.story.markSeen({ id }))).toBe('NOT_FOUND')
      expect(await outcome(owner.api.story.viewers({ id }))).toBe('NOT_FOUND')
    }
    clock.set(start + DAY + HOUR)
  })
})

describe('story.tray', () => {
  it('puts the viewer first, then followed accounts with something unseen before fully seen ones, each by its latest story', async () => {
    const [me, a, b, c, d, pending, stranger, other] = await Promise.all([t.user(), t.user(), t.user(), t.user(), t.user(), t.user(), t.user(), t.user()])
    await d.api.user.update({ isPrivate: true })
    await pending.api.user.update({ isPrivate: true })
    await followEachOther(me, a, b, c, d, pending)
    await d.api.user.approveFollow({ username: me.username })
    await followEachOther(other, a, b)
    const post = async (u: User, photo: string) => {
      clock.advance(60_000)
      return (await u.api.story.create(storyForm(photo))).id
    }
    const a1 = await post(a, 'Landscape_5.jpg')
    const b1 = await post(b, 'Landscape_6.jpg')
    await post(c, 'Landscape_7.jpg')
    await post(d, 'Landscape_8.jpg')
    await post(pending, 'Landscape_9.jpg')
    await post(stranger, 'Landscape_2.jpg')
    await post(me, 'Landscape_1.jpg')
    await me.api.story.markSeen({ id: b1 })

    const names = (entries: { user: { username: string } }[]) => entries.map((e) => e.user.username)
    let tray = await me.api.story.tray()
    expect(names(tray)).toEqual([me, d, c, a, b].map((u) => u.username))
    expect(tray.map((e) => e.hasUnseen)).toEqual([true, true, true, true, false])
    expect(tray.every((e) => e.user.hasStory)).toBe(true)
    // Seen is per viewer: someone else has not seen b's story.
    const theirs = await other.api.story.tray()
    expect(names(theirs)).toEqual([b, a].map((u) => u.username))
    expect(theirs.map((e) => e.hasUnseen)).toEqual([true, true])

    // A second story from a puts it first among the unseen; seeing one of its two leaves it unseen.
    const a2 = await post(a, 'hopper.gif')
    await me.api.story.markSeen({ id: a1 })
    tray = await me.api.story.tray()
    expect(names(tray)).toEqual([me, a, d, c, b].map((u) => u.username))
    expect(tray[1]!.stories.map((s) => [s.id, s.seen])).toEqual([
      [a1, true],
      [a2, false],
    ])
    expect(tray[1]!.hasUnseen).toBe(true)
    // markSeen is idempotent; seeing the rest moves a behind the unseen ones.
    await me.api.story.markSeen({ id: a2 })
    await me.api.story.markSeen({ id: a2 })
    tray = await me.api.story.tray()
    expect(names(tray)).toEqual([me, d, c, a, b].map((u) => u.username))
    expect(tray.map((e) => e.hasUnseen)).toEqual([true, true, true, false, false])
    // Unfollowing drops an account from the tray at once.
    await me.api.user.unfollow({ username: c.username })
    expect(names(await me.api.story.tray())).toEqual([me, d, a, b].map((u) => u.username))
    await expect((await t.caller()).story.tray()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    clock.advance(DAY)
  })
})

describe('story.viewers', () => {
  it('lists who saw a story to its owner only, most recent first, in pages, first view counted', async () => {
    const [owner, v1, v2, v3] = await Promise.all([t.user(), t.user(), t.user(), t.user()])
    const { id } = await owner.api.story.create(storyForm('Landscape_5.jpg'))
    const seenAt: string[] = []
    for (const v of [v1, v2, v3]) {
      clock.advance(1000)
      seenAt.push(clock.now().toISOString())
      await v.api.story.markSeen({ id })
    }
    clock.advance(1000)
    await v1.api.story.markSeen({ id })
    await owner.api.story.markSeen({ id })

    const first = await owner.api.story.viewers({ id, limit: 2 })
    expect(first.items.map((v) => [v.username, v.seenAt])).toEqual([
      [v3.username, seenAt[2]],
      [v2.username, seenAt[1]],
    ])
    const second = await owner.api.story.viewers({ id, limit: 2, cursor: first.nextCursor })
    expect(second).toMatchObject({ items: [{ username: v1.username, seenAt: seenAt[0] }], nextCursor: null })
    expect(await outcome(v1.api.story.viewers({ id }))).toBe('FORBIDDEN')
    expect(await outcome(owner.api.story.viewers({ id, cursor: 'not-a-cursor' }))).toBe('BAD_REQUEST')
    expect(await outcome(owner.api.story.viewers({ id: '00000000-0000-7000-8000-000000000000' }))).toBe('NOT_FOUND')
    // A block hides each side from the other, here too.
    await owner.api.user.block({ username: v2.username })
    expect((await owner.api.story.viewers({ id })).items.map((v) => v.username)).toEqual([v3.username, v1.username])
  })
})

describe('story.delete', () => {
  it('removes the story at once everywhere, by its owner only', async () => {
    const [owner, follower] = await Promise.all([t.user(), t.user()])
    await followEachOther(follower, owner)
    const { id } = await owner.api.story.create(storyForm('Landscape_6.jpg'))
    expect(await outcome(follower.api.story.delete({ id }))).toBe('FORBIDDEN')
    expect(await outcome(follower.api.story.delete({ id: 'nope' }))).toBe('BAD_REQUEST')
    expect((await follower.api.story.tray()).map((e) => e.user.username)).toEqual([owner.username])
    expect((await follower.api.user.byUsername({ username: owner.username })).hasStory).toBe(true)

    expect(await owner.api.story.delete({ id })).toEqual({ ok: true })
    expect(await follower.api.story.tray()).toEqual([])
    expect((await follower.api.story.byUser({ username: owner.username })).stories).toEqual([])
    expect((await follower.api.user.byUsername({ username: owner.username })).hasStory).toBe(false)
    expect(await outcome(follower.api.story.markSeen({ id }))).toBe('NOT_FOUND')
    expect(await outcome(owner.api.story.delete({ id }))).toBe('NOT_FOUND')
  })
})

describe('the sweep', () => {
  it('drops expired stories and collects their photos, keeping content a post still uses', async () => {
    const { posts: core } = await import('@mosaic/core')
    const u = await t.user()
    const post = new FormData()
    post.append('files', storyForm('concert.jpg').get('file')!)
    await u.api.post.create(post)
    await u.api.story.create(storyForm('concert.jpg'))
    await u.api.story.create(storyForm('blackbug.png'))
    const [shared, alone] = (await u.api.story.byUser({ username: u.username })).stories
    const storage = t.app.deps.storage

    // Before expiry the sweep takes nothing of a live story, however late it runs.
    await core.sweepOrphans(t.app.deps, { now: clock.now(), graceSeconds: 0 })
    expect(await storage.exists(keyOf(alone!.media.urls.story))).toBe(true)

    clock.advance(DAY + HOUR)
    const swept = await core.sweepOrphans(t.app.deps, { now: clock.now() })
    expect(swept.expiredStories).toBeGreaterThanOrEqual(2)
    for (const url of Object.values(alone!.media.urls)) expect(await storage.exists(keyOf(url))).toBe(false)
    // concert.jpg is still a post's photo: its sizes stay.
    expect(await storage.exists(keyOf(shared!.media.urls.large))).toBe(true)
  })
})
