import { expect, it } from 'vitest'
import { rankTrends, stillFresh, trendBuckets, trendScore } from './trending.math.ts'

const W = 6 * 3600_000

it('reads the window from the one or two buckets it overlaps and the baseline from the week of whole buckets before', () => {
  const b = trendBuckets(10 * W + W / 2, W)
  expect(b.window).toEqual([9, 10])
  expect(b.baseline).toHaveLength(28)
  expect(b.baseline[0]).toBe(9 - 28)
  expect(b.baseline.at(-1)).toBe(8)
  expect(b.baselineEnd).toBe(9 * W)
  expect(trendBuckets(10 * W, W).window).toEqual([9, 10])
  expect(trendBuckets(7 * 86_400_000 * 3, 7 * 86_400_000).baseline).toHaveLength(1)
})

it('scores a tag by how far its reach is above the baseline', () => {
  expect(trendScore({ observed: 3, expected: 0 })).toBe(3)
  expect(trendScore({ observed: 4, expected: 4 })).toBe(0)
  expect(trendScore({ observed: 6, expected: 4 })).toBeCloseTo(0.894, 3)
})

it('lists only tags above their usual level, best first, ties by posts then name', () => {
  const list = rankTrends([
    { tag: 'usual', posts: 9, observed: 4, expected: 4 },
    { tag: 'b', posts: 1, observed: 2, expected: 0 },
    { tag: 'a', posts: 1, observed: 2, expected: 0 },
    { tag: 'busy', posts: 5, observed: 2, expected: 0 },
    { tag: 'new', posts: 3, observed: 3, expected: 0 },
  ])
  expect(list).toEqual([
    { tag: 'new', score: 3, posts: 3 },
    { tag: 'busy', score: 2, posts: 5 },
    { tag: 'a', score: 2, posts: 1 },
    { tag: 'b', score: 2, posts: 1 },
  ])
})

it('keeps a list within its refresh interval, and never one from a clock that went back', () => {
  expect(stillFresh(1000, 1000 + 30_000, 60)).toBe(true)
  expect(stillFresh(1000, 1000 + 60_000, 60)).toBe(false)
  expect(stillFresh(1000, 500, 60)).toBe(false)
})
