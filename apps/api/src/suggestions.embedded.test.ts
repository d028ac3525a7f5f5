// Who to follow on the embedded engine (PGlite, in-process queue, memory cache) that `pnpm start` uses.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ embedded: true })
}, 120_000)
afterAll(() => t.close())

it('suggests friends of friends two and three hops out on PGlite, and the most followed accounts to a newcomer', async () => {
  const [viewer, alice, bob, carol, newcomer] = [await t.user(), await t.user(), await t.user(), await t.user(), await t.user()]
  await alice.api.user.follow({ username: bob.username })
  await bob.api.user.follow({ username: carol.username })
  await viewer.api.user.follow({ username: alice.username })
  await t.app.deps.queue.drain()
  expect(await viewer.api.user.suggestions({})).toMatchObject([
    { username: bob.username, reason: `Followed by ${alice.username}` },
    { username: carol.username, reason: `Popular with people ${alice.username} follows` },
  ])
  await t.app.deps.suggestionCache.setPopular({ computedAt: 0, ids: [] }) // kept a minute: scan afresh
  expect((await newcomer.api.user.suggestions({})).map((s) => s.reason)).toEqual(['Suggested for you', 'Suggested for you', 'Suggested for you'])
})
