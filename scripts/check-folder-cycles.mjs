#!/usr/bin/env node
// Fails when a domain folder of packages/core/src imports a sibling folder that imports it back,
// directly or through other folders. File-level cycles are the lint rule's job (mosaic/no-cycle);
// this catches the coarser tangle, e.g. posts/ importing engagement/ for one helper while
// engagement/ imports posts/ for another, with no single file cycle between them.
//
// Nodes: each top-level folder (`adapters/` too), and each file at the root (index.ts, deps.ts,
// errors.ts…) as a node of its own, so a folder and a root file that import each other count.
// Test files (*.test.ts and friends) are left out: a test may reach into any domain to set up its
// world without that making the domains depend on each other.
//
// Usage: node scripts/check-folder-cycles.mjs [dir…]   (default packages/core/src)
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { importsOf, sourceFiles } from '../tooling/eslint/import-graph.js'

const TEST = /\.(?:test|spec)\.[cm]?[jt]sx?$/

/** The node a file belongs to: its top-level folder under root (`x/`) or, at the root, itself. */
function nodeOf(root, file) {
  const [first, ...rest] = path.relative(root, file).split(path.sep)
  return rest.length > 0 ? `${first}/` : first
}

/**
 * The folder graph of a directory and its cycles. Returns `edges` (node -> node -> one example
 * import `a.ts -> b.ts`) and `cycles`: each strongly connected group of two or more nodes, with one
 * closed path through it for the reader.
 */
export function findFolderCycles(dir) {
  const root = path.resolve(dir)
  const edges = new Map()
  for (const file of sourceFiles(root)) {
    if (TEST.test(file)) continue
    const from = nodeOf(root, file)
    for (const { target } of importsOf(file)) {
      if (!target || path.relative(root, target).startsWith('..') || TEST.test(target)) continue
      const to = nodeOf(root, target)
      if (to === from) continue
      if (!edges.has(from)) edges.set(from, new Map())
      const out = edges.get(from)
      if (!out.has(to)) out.set(to, `${path.relative(root, file)} -> ${path.relative(root, target)}`)
    }
  }
  return { edges, cycles: stronglyConnected(edges).filter((group) => group.length > 1).map((group) => cycleThrough(group, edges)) }
}

// Tarjan's algorithm; nodes in a stable order so the report is the same on every run.
function stronglyConnected(edges) {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((out) => [...out.keys()])])].sort()
  const index = new Map()
  const low = new Map()
  const stack = []
  const onStack = new Set()
  const groups = []
  let counter = 0
  const visit = (node) => {
    index.set(node, counter)
    low.set(node, counter++)
    stack.push(node)
    onStack.add(node)
    for (const next of [...(edges.get(node)?.keys() ?? [])].sort()) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node), low.get(next)))
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)))
    }
    if (low.get(node) === index.get(node)) {
      const group = []
      let member
      do {
        member = stack.pop()
        onStack.delete(member)
        group.push(member)
      } while (member !== node)
      groups.push(group.sort())
    }
  }
  for (const node of nodes) if (!index.has(node)) visit(node)
  return groups
}

// One closed walk that starts at the group's first node and visits every member, each step an
// edge that exists (shortest hops inside the group), e.g. ['feed/', 'posts/', 'feed/'].
function cycleThrough(group, edges) {
  const members = new Set(group)
  const hop = (from, to) => {
    const previous = new Map([[from, null]])
    const queue = [from]
    for (let i = 0; i < queue.length; i++) {
      for (const next of [...(edges.get(queue[i])?.keys() ?? [])].sort()) {
        if (!members.has(next) || previous.has(next)) continue
        previous.set(next, queue[i])
        if (next === to) {
          const steps = []
          for (let step = next; step !== from; step = previous.get(step)) steps.unshift(step)
          return steps
        }
        queue.push(next)
      }
    }
    return []
  }
  const walk = [group[0]]
  for (const target of [...group.slice(1), group[0]]) {
    if (target !== group[0] && walk.includes(target)) continue
    walk.push(...hop(walk.at(-1), target))
  }
  return walk
}

function main(dirs) {
  let failed = false
  for (const dir of dirs) {
    const { edges, cycles } = findFolderCycles(dir)
    if (cycles.length === 0) {
      console.log(`check-folder-cycles: no folder cycle in ${dir} (${edges.size} nodes import others)`)
      continue
    }
    failed = true
    console.error(`check-folder-cycles: ${cycles.length} folder cycle(s) in ${dir}:`)
    for (const walk of cycles) {
      console.error(`  ${walk.join(' -> ')}`)
      for (let i = 0; i + 1 < walk.length; i++) console.error(`      ${walk[i]} -> ${walk[i + 1]}: ${edges.get(walk[i]).get(walk[i + 1])}`)
    }
    const both = [...edges].flatMap(([a, out]) => [...out.keys()].filter((b) => a < b && edges.get(b)?.has(a)).map((b) => [a, b]))
    for (const [a, b] of both) console.error(`  both ways: ${edges.get(a).get(b)}  and  ${edges.get(b).get(a)}`)
  }
  if (failed) {
    console.error('Move what two folders share into a folder below both (see ARCHITECTURE.md).')
    process.exitCode = 1
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const args = process.argv.slice(2)
  main(args.length > 0 ? args : [path.relative(process.cwd(), path.join(repo, 'packages/core/src')) || '.'])
}
