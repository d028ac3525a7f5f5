import { readFileSync } from 'node:fs'
import path from 'node:path'
import { posts as corePosts, redisAdapters } from '@mosaic/core'
import { rows, sql } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'
import { keyOf, storyForm } from './testing/stories.ts'

const PASSWORD = 'correct horse battery'
const formOf = (names: string[], fields: Record<string, string> = {}) => {
  const f = new FormData()
  for (const n of names) f.append('files', new File([readFileSync(path.join(FIXTURES, n))], n))
  for (const [k, v] of Object.entries(fields)) f.append(k, v)
  return f
}

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ redis: true })
})
afterAll(() => t.close())

/** Every uuid column of every table, from information_schema (no hand list), and how many rows in each hold `id`. */
async function rowsNaming(id: string, app: TestApp = t): Promise<string[]> {
  const db = app.app.engines.db.db
  const columns = await rows<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type = 'uuid' order by 1, 2`,
  )
  expect(columns.length).toBeGreaterThan(20)
  const found: string[] = []
  for (const c of columns) {
    const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(c.table_name)} where ${sql.identifier(c.column_name)} = ${id}`)
    if (row && row.n > 0) found.push(`${c.table_name}.${c.column_name} (${row.n})`)
  }
  return found
}

/**
 * Every Redis key of this app's namespace that names `id`, except rate-limit windows (a count that
 * expires with its window) and BullMQ's records of finished jobs (kept at most an hour: queue.ts).
 */
async function redisKeysNaming(id: string): Promise<string[]> {
  const redis = t.app.engines.redis!
  const prefix = t.config.REDIS_KEY_PREFIX
  // ioredis puts its prefix on keys, not on patterns: KEYS gets the whole one (a test's namespace is small).
  const keys = await redis.keys(`${prefix}*${id}*`)
  return keys.map((k) => k.slice(prefix.length)).filter((k) => !k.startsWith('rl:') && !k.startsWith('{bull}:'))
}

describe('user.deleteAccount', () => {
  it('refuses a wrong password and changes nothing', async () => {
    const u = await t.user()
    const post = await u.api.post.create(formOf(['swiss.png']))
    await expect(u.api.user.deleteAccount({ password: 'not my password' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'That password is not right' })
    await expect(u.api.user.deleteAccount({ password: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect((await u.api.post.byId({ id: post.id })).id).toBe(post.id)
    expect(await u.api.auth.me()).toMatchObject({ username: u.username })
  })

  it('leaves no row naming the account in any table, keeps everyone else right, and clears its Redis state', async () => {
    const victim = await t.user()
    const friend = await t.user()
    const stranger = await t.user(undefined, { isPrivate: true })
    const blocked = await t.user()

    // Shared content: the friend posts the very bytes the victim also posts, so that blob must stay.
    const friendsPost = await friend.api.post.create(formOf(['swiss.png'], { caption: 'mine #shared' }))
    const shared = await victim.api.post.create(formOf(['swiss.png'], { caption: 'also mine #gone', location: JSON.stringify({ name: 'Victim Place' }) }))
    const own = await victim.api.post.create(formOf(['hopper.gif'], { caption: 'only mine #gone' }))
    const story = await victim.api.story.create(storyForm('flowers.jpeg'))
    const friendStory = await friend.api.story.create(storyForm('Landscape_1.jpg'))

    await friend.api.user.follow({ username: victim.username })
    await victim.api.user.follow({ username: friend.username })
    expect(await victim.api.user.follow({ username: stranger.username })).toEqual({ state: 'requested' })
    await victim.api.user.block({ username: blocked.username })
    await victim.api.post.like({ id: friendsPost.id })
    const victimsComment = await victim.api.comment.add({ postId: friendsPost.id, text: 'lovely @' + friend.username })
    // A reply to the account's comment goes with it: the post's count must drop by both.
    await friend.api.comment.add({ postId: friendsPost.id, text: 'thank you', parentId: victimsComment.id })
    const friendsOwnComment = await friend.api.comment.add({ postId: friendsPost.id, text: 'a note of mine' })
    await victim.api.comment.add({ postId: friendsPost.id, text: 'agreed', parentId: friendsOwnComment.id })
    await friend.api.post.like({ id: own.id })
    await friend.api.comment.add({ postId: own.id, text: 'yours is nice' })
    await friend.api.story.markSeen({ id: story.id })
    await victim.api.story.markSeen({ id: friendStory.id })
    await victim.api.user.requestExport()
    await t.app.deps.queue.drain()
    // Warm every cache the account touches: both timelines, the hot counters, the post cache, suggestions.
    expect((await friend.api.feed.home({})).items.map((p) => p.id)).toEqual(expect.arrayContaining([shared.id, own.id]))
    await victim.api.feed.home({})
    await victim.api.user.suggestions({})
    expect(await friend.api.post.byId({ id: friendsPost.id })).toMatchObject({ likeCount: 1, commentCount: 4 })
    expect((await friend.api.user.byUsername({ username: friend.username })).counts).toMatchObject({ followers: 1, following: 1 })
    expect(await rowsNaming(victim.id)).not.toEqual([])
    expect(await redisKeysNaming(victim.id)).not.toEqual([])
    const ownKeys = await rows<{ original_key: string }>(
      t.app.engines.db.db,
      sql`select m.original_key from post_media pm join media m on m.id = pm.media_id where pm.post_id = ${own.id}`,
    )
    const sharedKey = keyOf(friendsPost.media[0]!.urls.original)

    expect(await victim.api.user.deleteAccount({ password: PASSWORD })).toEqual({ ok: true })
    await t.app.deps.queue.drain()

    expect(await rowsNaming(victim.id)).toEqual([])
    expect(await redisKeysNaming(victim.id)).toEqual([])
    // Gone from the timelines it was fanned into, and its counts from everyone else's.
    expect((await friend.api.feed.home({})).items.map((p) => p.id)).toEqual([friendsPost.id])
    for (const postId of [shared.id, own.id]) expect(await t.app.engines.redis!.zscore(redisAdapters.keys.timeline(friend.id), postId)).toBeNull()
    // Left: the friend's own comment, without the account's reply to it.
    expect(await friend.api.post.byId({ id: friendsPost.id })).toMatchObject({ likeCount: 0, commentCount: 1 })
    expect((await friend.api.comment.list({ postId: friendsPost.id })).items.map((c) => [c.text, c.replyCount])).toEqual([['a note of mine', 0]])
    expect((await friend.api.user.byUsername({ username: friend.username })).counts).toMatchObject({ followers: 0, following: 0, posts: 1 })
    expect(await friend.api.tag.summary({ tag: 'shared' })).toMatchObject({ posts: 1 })
    await expect(friend.api.tag.summary({ tag: 'gone' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(friend.api.user.byUsername({ username: victim.username })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(friend.api.post.byId({ id: own.id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await friend.api.story.tray()).map((e) => e.user.username)).toEqual([friend.username])
    expect((await friend.api.story.viewers({ id: friendStory.id })).items).toEqual([])
    expect((await friend.api.notification.list({})).items.filter((n) => n.actor.id === victim.id)).toEqual([])
    expect((await stranger.api.user.followRequests({})).items).toEqual([])

    // Signed out everywhere, and the name no longer signs in.
    await expect((await t.caller(victim.token)).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    const anon = await t.caller()
    await expect(anon.auth.signIn({ login: victim.username, password: PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })

    // Blobs: the shared photo stays; the account's own are collected by the media sweep.
    const storage = t.app.deps.storage
    expect(await storage.exists(sharedKey)).toBe(true)
    await corePosts.sweepOrphans(t.app.deps, { graceSeconds: 0 })
    expect(await storage.exists(sharedKey)).toBe(true)
    for (const { original_key } of ownKeys) expect(await storage.exists(original_key)).toBe(false)
    expect((await friend.api.post.byId({ id: friendsPost.id })).media).toHaveLength(1)
  })
})

describe('user.deleteAccount, embedded (PGlite, no Redis)', () => {
  it('leaves no row naming the account and keeps the follower\'s counts right', async () => {
    const e = await startTestApp({ embedded: true })
    try {
      const victim = await e.user()
      const fan = await e.user()
      await fan.api.user.follow({ username: victim.username })
      const post = await victim.api.post.create(formOf(['swiss.png']))
      await fan.api.post.like({ id: post.id })
      await victim.api.user.suggestions({})
      expect(await victim.api.user.deleteAccount({ password: PASSWORD })).toEqual({ ok: true })
      await e.app.deps.queue.drain()
      expect(await rowsNaming(victim.id, e)).toEqual([])
      expect((await fan.api.user.byUsername({ username: fan.username })).counts).toMatchObject({ following: 0 })
      expect((await fan.api.feed.home({})).items).toEqual([])
    } finally {
      await e.close()
    }
  })
})
