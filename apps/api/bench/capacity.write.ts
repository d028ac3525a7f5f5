// pnpm capacity — rewrites the README's capacity table from the committed bench/results/cluster.json.
import { readResult, writeCapacityTable } from './capacity.ts'

writeCapacityTable(readResult())
console.log('README.md: capacity table rewritten from apps/api/bench/results/cluster.json')
