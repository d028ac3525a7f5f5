import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ env: { LIMIT_FOLLOWS_PER_DAY: '1000' } })
})
afterAll(() => t.close())

it('two people who follow each other at the same moment both succeed (no deadlock), with exact counts', async () => {
  const pairs = await Promise.all(Array.from({ length: 12 }, async () => [await t.user(), await t.user()] as const))
  for (let round = 0; round < 3; round++) {
    const outcomes = await Promise.allSettled(
      pairs.flatMap(([a, b]) => [a.api.user.follow({ username: b.username }), b.api.user.follow({ username: a.username })]),
    )
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([])
    await Promise.all(pairs.flatMap(([a, b]) => [a.api.user.unfollow({ username: b.username }), b.api.user.unfollow({ username: a.username })]))
  }
  const anon = await t.caller()
  for (const [a] of pairs) expect((await anon.user.byUsername({ username: a.username })).counts).toMatchObject({ followers: 0, following: 0 })
})
