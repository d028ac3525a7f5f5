import { eq, schema } from '@mosaic/db'
import { explore, posts, tags } from '@mosaic/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { unpublishedPost, type Unpublished } from './testing/unpublished.ts'

const { media } = schema

type Person = Awaited<ReturnType<TestApp['user']>>
type Api = Person['api']

/** What the transcode job does when a post's last video is done: media ready, then publish. */
async function finish(t: TestApp, p: Unpublished) {
  await t.app.deps.db.update(media).set({ state: 'ready' }).where(eq(media.id, p.mediaId))
  const published = await posts.publishPost(t.app.deps, p.postId)
  await t.app.deps.queue.drain()
  return published
}

const ids = (page: { items: { id: string }[] }) => page.items.map((x) => x.id)

describe('a post whose video is still processing', () => {
  let t: TestApp
  let owner: Person, follower: Person, stranger: Person, mentioned: Person
  let p: Unpublished
  const PLACE = { name: 'Gate Café', lat: 46.2, lng: 7.3 }

  beforeAll(async () => {
    t = await startTestApp()
    ;[owner, follower, stranger, mentioned] = await Promise.all([t.user(), t.user(), t.user(), t.user()])
    await follower.api.user.follow({ username: owner.username })
    await t.app.deps.queue.drain()
    p = await unpublishedPost(t, owner.api, { caption: `gate clip #gatetag with @${mentioned.username}`, location: JSON.stringify(PLACE) })
    await t.app.deps.queue.drain()
  })
  afterAll(() => t.close())

  it('is its author’s at once: on the post page, the profile grid and the home feed, in state processing', async () => {
    const post = await owner.api.post.byId({ id: p.postId })
    expect(post.media[0]).toMatchObject({ kind: 'video', state: 'processing' })
    expect(post.tags).toEqual(['gatetag'])
    expect(ids(await owner.api.post.byUser({ username: owner.username }))).toContain(p.postId)
    expect(ids(await owner.api.feed.home({ mode: 'latest' }))).toContain(p.postId)
    await owner.api.comment.add({ postId: p.postId, text: 'first!' })
    expect((await owner.api.comment.list({ postId: p.postId })).items).toHaveLength(1)
  })

  it.each(['anonymous', 'stranger', 'follower'] as const)('is missing for the %s everywhere, as a post that does not exist', async (role) => {
    const api: Api = role === 'anonymous' ? await t.caller() : role === 'stranger' ? stranger.api : follower.api
    await expect(api.post.byId({ id: p.postId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(ids(await api.post.byUser({ username: owner.username }))).not.toContain(p.postId)
    expect((await api.user.byUsername({ username: owner.username })).counts.posts).toBe(0)
    await expect(api.comment.list({ postId: p.postId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(api.post.likers({ id: p.postId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    if (role !== 'anonymous') {
      expect(ids(await api.feed.home({ mode: 'latest' }))).not.toContain(p.postId)
      expect(ids(await api.feed.home({ mode: 'top' }))).not.toContain(p.postId)
      await expect(api.post.like({ id: p.postId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
      await expect(api.comment.add({ postId: p.postId, text: 'hi' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
    expect(ids(await api.search.posts({ q: 'gate clip' }))).not.toContain(p.postId)
    expect(ids(await api.search.posts({ q: '#gatetag' }))).not.toContain(p.postId)
    expect(await api.search.tags({ q: 'gatet' })).toEqual([])
    expect(ids(await api.tag.posts({ tag: 'gatetag', mode: 'latest' }))).toEqual([])
    expect(ids(await api.tag.posts({ tag: 'gatetag', mode: 'top' }))).toEqual([])
    await expect(api.tag.summary({ tag: 'gatetag' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(ids(await api.location.posts({ name: PLACE.name }))).toEqual([])
    await expect(api.location.summary({ name: PLACE.name })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('stays out of explore and trending, and mentions no one yet', async () => {
    await explore.refreshExplore(t.app.deps, { force: true })
    expect(ids(await stranger.api.explore.posts({ limit: 50 }))).not.toContain(p.postId)
    expect((await tags.refreshTrending(t.app.deps, { force: true })).items.map((x) => x.tag)).not.toContain('gatetag')
    expect((await mentioned.api.notification.list({})).items).toEqual([])
  })

  it('is published once its media are ready: everyone sees it, its tag, place and mention count once', async () => {
    expect(await finish(t, p)).toBe(true)
    // A retried job publishes nothing twice.
    expect(await posts.publishPost(t.app.deps, p.postId)).toBe(false)
    await t.app.deps.queue.drain()
    for (const api of [stranger.api, follower.api, await t.caller()]) {
      expect((await api.post.byId({ id: p.postId })).media[0]).toMatchObject({ kind: 'video', state: 'ready' })
      expect(ids(await api.tag.posts({ tag: 'gatetag', mode: 'latest' }))).toEqual([p.postId])
      expect(ids(await api.location.posts({ name: PLACE.name }))).toEqual([p.postId])
      expect(ids(await api.search.posts({ q: 'gate clip' }))).toEqual([p.postId])
    }
    expect(ids(await follower.api.feed.home({ mode: 'latest' }))).toContain(p.postId)
    expect((await stranger.api.user.byUsername({ username: owner.username })).counts.posts).toBe(1)
    expect(await stranger.api.tag.summary({ tag: 'gatetag' })).toEqual({ tag: 'gatetag', posts: 1 })
    expect(await stranger.api.location.summary({ name: PLACE.name })).toMatchObject({ name: PLACE.name, posts: 1 })
    const notes = (await mentioned.api.notification.list({})).items
    expect(notes.map((n) => [n.type, n.post?.id])).toEqual([['mention', p.postId]])
    expect((await tags.refreshTrending(t.app.deps, { force: true })).items.map((x) => x.tag)).toContain('gatetag')
  })

  it('counts its tags once however it is edited before and after publishing, and uncounts them when deleted', async () => {
    const q = await unpublishedPost(t, owner.api, { caption: '#editedtag before' })
    await owner.api.post.update({ id: q.postId, caption: '#editedtag #addedtag still processing' })
    await expect(stranger.api.tag.summary({ tag: 'addedtag' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await finish(t, q)).toBe(true)
    expect(await stranger.api.tag.summary({ tag: 'editedtag' })).toEqual({ tag: 'editedtag', posts: 1 })
    expect(await stranger.api.tag.summary({ tag: 'addedtag' })).toEqual({ tag: 'addedtag', posts: 1 })
    await owner.api.post.update({ id: q.postId, caption: '#editedtag only' })
    await expect(stranger.api.tag.summary({ tag: 'addedtag' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await owner.api.post.delete({ id: q.postId })
    await expect(stranger.api.tag.summary({ tag: 'editedtag' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('deleted before it was published, leaves no tag count behind', async () => {
    const q = await unpublishedPost(t, owner.api, { caption: '#nevershown' })
    await owner.api.post.delete({ id: q.postId })
    const one = await unpublishedPost(t, owner.api, { caption: '#nevershown' })
    expect(await finish(t, one)).toBe(true)
    expect(await stranger.api.tag.summary({ tag: 'nevershown' })).toEqual({ tag: 'nevershown', posts: 1 })
  })

  it('is not published while one of its media is still processing', async () => {
    const q = await unpublishedPost(t, owner.api, { caption: 'two clips' })
    const other = await unpublishedPost(t, owner.api)
    // The first clip's post also shows the second clip, still processing.
    await t.app.deps.db.insert(schema.postMedia).values({ postId: q.postId, mediaId: other.mediaId, position: 1 })
    await t.app.deps.db.update(media).set({ state: 'ready' }).where(eq(media.id, q.mediaId))
    expect(await posts.publishPost(t.app.deps, q.postId)).toBe(false)
    await expect(stranger.api.post.byId({ id: q.postId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await finish(t, other)).toBe(true)
    expect(await posts.publishPost(t.app.deps, q.postId)).toBe(true)
    expect((await stranger.api.post.byId({ id: q.postId })).media).toHaveLength(2)
  })
})

describe('a processing post with Redis timelines', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ redis: true })
  })
  afterAll(() => t.close())

  it('reaches followers’ timelines only when published', async () => {
    const [owner, follower] = await Promise.all([t.user(), t.user()])
    await follower.api.user.follow({ username: owner.username })
    // The follower's timeline is built before the post exists, so only fan-out can bring it.
    expect(ids(await follower.api.feed.home({ mode: 'latest' }))).toEqual([])
    const p = await unpublishedPost(t, owner.api, { caption: 'on redis' })
    await t.app.deps.queue.drain()
    expect(ids(await follower.api.feed.home({ mode: 'latest' }))).toEqual([])
    expect(await finish(t, p)).toBe(true)
    expect(ids(await follower.api.feed.home({ mode: 'latest' }))).toEqual([p.postId])
  })
})
