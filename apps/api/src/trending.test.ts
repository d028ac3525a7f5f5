import { readFileSync } from 'node:fs'
import path from 'node:path'
import { tags } from '@mosaic/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callerWith, depsWith, seedPost, setFollowerCount } from './testing/discovery.ts'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

const W = 6 * 3600_000
// Each test lives in its own stretch of time, in the middle of a window-long bucket.
const origin = (n: number) => Date.UTC(2031, 0, 1) + n * 30 * 86_400_000 + W / 2

describe.each([
  ['with Redis time buckets', true],
  ['from Postgres (no Redis)', false],
] as const)('trending tags %s', (_, redis) => {
  let t: TestApp
  beforeAll(async () => {
    // The worker's own timers stay out of the way: these tests drive every refresh with their clock.
    t = await startTestApp({ redis, env: { TRENDING_WINDOW_SECONDS: String(W / 1000), TRENDING_REFRESH_SECONDS: '86400', EXPLORE_REFRESH_SECONDS: '86400' } })
  })
  afterAll(() => t.close())

  /** The app as its clock reads `now`, refreshing every minute. */
  const at = (now: number) => depsWith(t, { clock: { now: () => new Date(now) }, discovery: { ...t.app.deps.discovery, trendingRefreshSeconds: 60 } })
  const refresh = async (now: number) => (await tags.refreshTrending(at(now), { force: true })).items
  const trending = async (now: number, limit?: number) => (await callerWith(at(now))).tag.trending(limit ? { limit } : undefined)

  it('on a fresh install, the first request computes the list from posts that just committed', async () => {
    const u = await t.user()
    const form = new FormData()
    form.append('files', new File([readFileSync(path.join(FIXTURES, 'swiss.png'))], 'swiss.png'))
    form.append('caption', 'golden hour #Sunset')
    await u.api.post.create(form)
    await t.app.deps.queue.drain()
    const list = await (await t.caller()).tag.trending()
    expect(list).toEqual([{ tag: 'sunset', score: 1, posts: 1 }])
  })

  it('counts uses inside the sliding window only: (now − window, now]', async () => {
    const T = origin(1)
    const [a, b, c] = await Promise.all([t.user(), t.user(), t.user()])
    await seedPost(t, a.id, { at: T - W + 1000, tags: ['edgein'] })
    await seedPost(t, b.id, { at: T - W, tags: ['edgeout'] })
    await seedPost(t, c.id, { at: T + 1000, tags: ['future'] })
    await seedPost(t, c.id, { at: T, tags: ['now'] })
    expect((await refresh(T)).map((x) => x.tag).sort()).toEqual(['edgein', 'now'])
    // A second later the oldest use has slid out; the future one is in.
    expect((await refresh(T + 1000)).map((x) => x.tag).sort()).toEqual(['future', 'now'])
  })

  it('counts one account once per tag per window, however often it posts', async () => {
    const T = origin(2)
    const [spammer, x, y, z] = await Promise.all([t.user(), t.user(), t.user(), t.user()])
    for (let i = 0; i < 6; i++) await seedPost(t, spammer.id, { at: T - i * 60_000, tags: ['buynow'] })
    for (const u of [x, y, z]) await seedPost(t, u.id, { at: T - 3600_000, tags: ['realthing'] })
    const list = await refresh(T)
    expect(list).toEqual([
      { tag: 'realthing', score: 3, posts: 3 },
      { tag: 'buynow', score: 1, posts: 6 },
    ])
  })

  it('weighs accounts by their reach (log of followers)', async () => {
    const T = origin(3)
    const [known, p, q] = await Promise.all([t.user(), t.user(), t.user()])
    await setFollowerCount(t, known.id, 100)
    await seedPost(t, known.id, { at: T - 60_000, tags: ['widelyseen'] })
    for (const u of [p, q]) await seedPost(t, u.id, { at: T - 60_000, tags: ['twofriends'] })
    const list = await refresh(T)
    expect(list.map((x) => x.tag)).toEqual(['widelyseen', 'twofriends'])
    expect(list[0]!.score).toBeCloseTo(1 + Math.log(101), 3)
  })

  it('ranks a sudden tag above an everyday one used by more people (baseline of the last week)', async () => {
    const T = origin(4)
    const crowd = await Promise.all(Array.from({ length: 6 }, () => t.user()))
    // #everyday: four accounts in every window-long stretch of the week before the window.
    for (let i = 2; i <= 29; i++) for (const u of crowd.slice(0, 4)) await seedPost(t, u.id, { at: T - i * W, tags: ['everyday'] })
    // In the window: six accounts use #everyday (a little above usual), three use #sudden (new).
    for (const u of crowd) await seedPost(t, u.id, { at: T - 60_000, tags: ['everyday'] })
    for (const u of crowd.slice(0, 3)) await seedPost(t, u.id, { at: T - 60_000, tags: ['sudden'] })
    const list = await refresh(T)
    expect(list.map((x) => x.tag)).toEqual(['sudden', 'everyday'])
    expect(list[0]).toEqual({ tag: 'sudden', score: 3, posts: 3 })
    // (6 − 4) / √(4 + 1)
    expect(list[1]!.score).toBeCloseTo(2 / Math.sqrt(5), 3)
    expect(list[1]!.posts).toBe(6)
  })

  it('ignores private accounts, also one that went private after posting', async () => {
    const T = origin(5)
    const [hidden, later, open] = await Promise.all([t.user(undefined, { isPrivate: true }), t.user(), t.user()])
    await seedPost(t, hidden.id, { at: T - 60_000, tags: ['secret', 'shared'] })
    await seedPost(t, later.id, { at: T - 60_000, tags: ['turnedprivate', 'shared'] })
    await seedPost(t, open.id, { at: T - 60_000, tags: ['shared'] })
    expect(await refresh(T)).toEqual([
      { tag: 'shared', score: 2, posts: 2 },
      { tag: 'turnedprivate', score: 1, posts: 1 },
    ])
    await later.api.user.update({ isPrivate: true })
    expect(await refresh(T + 1000)).toEqual([{ tag: 'shared', score: 1, posts: 1 }])
  })

  it('serves the list computed last and refreshes it once per interval', async () => {
    const T = origin(6)
    const [a, b] = await Promise.all([t.user(), t.user()])
    await seedPost(t, a.id, { at: T - 60_000, tags: ['first'] })
    await refresh(T)
    await seedPost(t, b.id, { at: T + 1000, tags: ['second'] })
    // Requests never recompute: the new tag waits for the worker.
    expect((await trending(T + 30_000)).map((x) => x.tag)).toEqual(['first'])
    // The worker's refresh within the interval keeps the list; after it, recomputes.
    await tags.refreshTrending(at(T + 30_000))
    expect((await trending(T + 61_000)).map((x) => x.tag)).toEqual(['first'])
    await tags.refreshTrending(at(T + 61_000))
    expect((await trending(T + 61_000)).map((x) => x.tag).sort()).toEqual(['first', 'second'])
    expect(await trending(T + 61_000, 1)).toHaveLength(1)
  })

  it('refuses a limit out of bounds', async () => {
    const anon = await t.caller()
    await expect(anon.tag.trending({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(anon.tag.trending({ limit: 51 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})
