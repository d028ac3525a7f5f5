import { expect, it } from 'vitest'
import { createMemoryRecentWrites } from './recent-writes.ts'

it("sends a writer's reads to the primary for the window after their write, and nobody else's", async () => {
  let t = 1000
  const marks = createMemoryRecentWrites({ windowMs: 5000, now: () => t })
  await marks.mark('writer')
  expect(await marks.recent('writer')).toBe(true)
  expect(await marks.recent('someone else')).toBe(false)
  t += 4999
  expect(await marks.recent('writer')).toBe(true)
  t += 1
  expect(await marks.recent('writer')).toBe(false)
  // A new write opens a new window.
  await marks.mark('writer')
  expect(await marks.recent('writer')).toBe(true)
})
