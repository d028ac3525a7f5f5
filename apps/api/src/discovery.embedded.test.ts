// Explore and trending on the embedded engine (PGlite, no Redis) that a fresh `bash start.sh` runs.
import { tags } from '@mosaic/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { callerWith, depsWith, seedPost } from './testing/discovery.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ embedded: true, env: { EXPLORE_REFRESH_SECONDS: '86400', TRENDING_REFRESH_SECONDS: '86400' } })
}, 120_000)
afterAll(() => t.close())

it('trends tags from PGlite: window edges, one account once, private accounts ignored', async () => {
  const W = t.config.TRENDING_WINDOW_SECONDS * 1000
  const T = Date.UTC(2031, 5, 1) + W / 2
  const [a, b, spammer, hidden] = await Promise.all([t.user(), t.user(), t.user(), t.user(undefined, { isPrivate: true })])
  await seedPost(t, a.id, { at: T - W + 1000, tags: ['lake'] })
  await seedPost(t, b.id, { at: T - 60_000, tags: ['lake'] })
  await seedPost(t, b.id, { at: T - W, tags: ['yesterday'] })
  for (let i = 0; i < 4; i++) await seedPost(t, spammer.id, { at: T - i * 1000, tags: ['spam'] })
  await seedPost(t, hidden.id, { at: T - 1000, tags: ['lake', 'secret'] })
  const list = await tags.refreshTrending(depsWith(t, { clock: { now: () => new Date(T) } }), { force: true })
  expect(list.items).toEqual([
    { tag: 'lake', score: 2, posts: 2 },
    { tag: 'spam', score: 1, posts: 4 },
  ])
  expect(await (await callerWith(depsWith(t, { clock: { now: () => new Date(T) } }))).tag.trending({ limit: 1 })).toEqual([{ tag: 'lake', score: 2, posts: 2 }])
})

it('explores from PGlite, for visitors and for a signed-in viewer who follows someone', async () => {
  const [viewer, followed, other] = await Promise.all([t.user(), t.user(), t.user()])
  await viewer.api.user.follow({ username: followed.username })
  const theirs = await seedPost(t, followed.id, { at: Date.now() - 60_000, likes: 50 })
  const open = await seedPost(t, other.id, { at: Date.now() - 60_000, likes: 10 })
  const anon = await (await t.caller()).explore.posts({ limit: 10 })
  expect(anon.items.map((p) => p.id)).toEqual([theirs, open])
  const mine = await viewer.api.explore.posts({ limit: 1 })
  expect(mine.items.map((p) => p.id)).toEqual([open])
  expect(mine.nextCursor).toBeNull()
})
