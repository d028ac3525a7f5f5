// The README's capacity table is generated from the measured figures (pnpm bench:cluster writes
// apps/api/bench/results/cluster.json): it may not be edited by hand or drift from them.
import { expect, it } from 'vitest'
import { readReadme, readResult, withCapacityTable } from '../bench/capacity.ts'

it("the README's capacity table is the one bench/results/cluster.json makes (run `pnpm capacity`)", () => {
  const readme = readReadme()
  expect(withCapacityTable(readme, readResult())).toBe(readme)
})
