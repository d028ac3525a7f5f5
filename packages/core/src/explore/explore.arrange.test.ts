import { expect, it } from 'vitest'
import { arrangePages, followedLikersBoost } from './explore.arrange.ts'

const c = (id: string, authorId: string, score: number) => ({ id, authorId, score })

it('lays out pages with at most two posts of one author each, best first', () => {
  const ranked = [c('a1', 'a', 9), c('a2', 'a', 8), c('a3', 'a', 7), c('b1', 'b', 6), c('a4', 'a', 5), c('c1', 'c', 4), c('b2', 'b', 3), c('d1', 'd', 2)]
  expect(arrangePages(ranked, 4)).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'a4', 'b2', 'd1'])
})

it('ends the list at the first page that cannot be filled, so pages start at multiples of the size', () => {
  const ranked = [c('a1', 'a', 9), c('a2', 'a', 8), c('a3', 'a', 7), c('a4', 'a', 6), c('a5', 'a', 5), c('b1', 'b', 4)]
  // Page 1: a1 a2 b1; page 2 has room for two of a only, and is the last.
  expect(arrangePages(ranked, 3)).toEqual(['a1', 'a2', 'b1', 'a3', 'a4'])
  expect(arrangePages([], 3)).toEqual([])
})

it('lifts a post more for each followed liker, with diminishing returns', () => {
  expect(followedLikersBoost(0)).toBe(1)
  expect(followedLikersBoost(1)).toBeCloseTo(1.693, 3)
  expect(followedLikersBoost(3)).toBeGreaterThan(followedLikersBoost(1))
  expect(followedLikersBoost(10) / followedLikersBoost(3)).toBeLessThan(10 / 3)
})
