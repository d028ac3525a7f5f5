import { redisAdapters } from '@mosaic/core'
import { schema } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'

describe.each([
  ['in memory (no Redis), recomputed in-process', false],
  ['in Redis, recomputed by the BullMQ worker', true],
] as const)('who to follow, cached %s', (_, redis) => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ redis, env: { LIMIT_FOLLOWS_PER_DAY: '1000' } })
  })
  afterAll(() => t.close())

  const drain = () => t.app.deps.queue.drain()
  /** The most followed accounts are kept a minute: start a test's next computation from a fresh scan. */
  const expirePopular = () => t.app.deps.suggestionCache.setPopular({ computedAt: 0, ids: [] })
  type Person = Awaited<ReturnType<TestApp['user']>>
  /** username → reason, for everyone suggested to `p`. */
  const offered = async (p: Person) => Object.fromEntries((await p.api.user.suggestions({ limit: 50 })).map((s) => [s.username, s.reason]))

  it('answers only a signed-in person, within the limits', async () => {
    await expect((await t.caller()).user.suggestions({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    const p = await t.user()
    await expect(p.api.user.suggestions({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(p.api.user.suggestions({ limit: 51 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('is recomputed after the viewer follows, unfollows, blocks and unblocks', async () => {
    const [viewer, alice, bob, carol, dave] = await Promise.all([t.user(), t.user(), t.user(), t.user(), t.user()])
    await alice.api.user.follow({ username: bob.username })
    await bob.api.user.follow({ username: alice.username })
    await drain()
    await expirePopular()

    // A newcomer gets the accounts people follow.
    expect(await offered(viewer)).toMatchObject({ [bob.username]: 'Suggested for you', [alice.username]: 'Suggested for you' })
    if (redis) expect(await t.app.engines.redis!.exists(redisAdapters.keys.suggestions(viewer.id))).toBe(1)

    await viewer.api.user.follow({ username: alice.username })
    await drain()
    let now = await offered(viewer)
    expect(now[bob.username]).toBe(`Followed by ${alice.username}`)
    expect(now[alice.username]).toBeUndefined()

    // Written behind the service's back: reads come from the cache, so nobody sees it until the
    // viewer's graph next changes.
    await t.app.deps.db.insert(schema.follows).values({ followerId: alice.id, followeeId: carol.id, state: 'accepted' })
    expect((await offered(viewer))[carol.username]).toBeUndefined()
    await viewer.api.user.follow({ username: dave.username })
    await drain()
    expect((await offered(viewer))[carol.username]).toBe(`Followed by ${alice.username}`)

    await viewer.api.user.unfollow({ username: alice.username })
    await drain()
    now = await offered(viewer)
    expect(now[bob.username]).toBe('Suggested for you')
    expect(now[alice.username]).toBe('Suggested for you')
    expect(now[carol.username]).toBeUndefined()

    await viewer.api.user.follow({ username: alice.username })
    await viewer.api.user.block({ username: alice.username })
    await drain()
    now = await offered(viewer)
    expect(now[alice.username]).toBeUndefined()
    expect(now[bob.username]).toBe('Suggested for you')

    await viewer.api.user.unblock({ username: alice.username })
    await drain()
    expect((await offered(viewer))[alice.username]).toBe('Suggested for you')
  })

  it('walks a private account’s follows only once it has approved the viewer', async () => {
    const [viewer, priv, friend, pal, x] = await Promise.all([t.user(), t.user(undefined, { isPrivate: true }), t.user(), t.user(), t.user()])
    await priv.api.user.follow({ username: friend.username })
    await pal.api.user.follow({ username: x.username })
    await drain()
    await expirePopular()
    await viewer.api.user.follow({ username: priv.username })
    await viewer.api.user.follow({ username: pal.username })
    await drain()
    let now = await offered(viewer)
    expect(now[priv.username]).toBeUndefined() // requested
    expect(now[friend.username]).toBe('Suggested for you')
    expect(now[x.username]).toBe(`Followed by ${pal.username}`)

    await priv.api.user.approveFollow({ username: viewer.username })
    await drain()
    now = await offered(viewer)
    expect(now[friend.username]).toBe(`Followed by ${priv.username}`)
    expect(now[priv.username]).toBeUndefined()
  })

  it('keeps the later of two recomputes that finish out of order', async () => {
    const p = await t.user()
    await p.api.user.suggestions({})
    const cache = t.app.deps.suggestionCache
    const current = await cache.get(p.id)
    await cache.set(p.id, { computedAt: current!.computedAt - 1, items: [] })
    expect(await cache.get(p.id)).toEqual(current)
    await cache.set(p.id, { computedAt: current!.computedAt + 1, items: [] })
    expect(await cache.get(p.id)).toEqual({ computedAt: current!.computedAt + 1, items: [] })
  })

  it('drops at once, before any recompute, whoever the viewer follows or who blocks the viewer', async () => {
    const [viewer, pal, x, y, z] = await Promise.all([t.user(), t.user(), t.user(), t.user(), t.user()])
    for (const p of [x, y, z]) await pal.api.user.follow({ username: p.username })
    // Friends' own follows change no one else's list; the viewer's next change does.
    await viewer.api.user.follow({ username: pal.username })
    await drain()
    expect(Object.keys(await offered(viewer))).toEqual(expect.arrayContaining([x.username, y.username, z.username]))
    await x.api.user.block({ username: viewer.username })
    await viewer.api.user.follow({ username: y.username })
    const now = await offered(viewer)
    expect(now[x.username]).toBeUndefined()
    expect(now[y.username]).toBeUndefined()
    expect(now[z.username]).toBe(`Followed by ${pal.username}`)
    // Nor does the blocker see the viewer.
    expect((await offered(x))[viewer.username]).toBeUndefined()
  })
})
