// `mosaic/no-cycle`: a module may not import a module that imports it back, directly or through
// any number of others, type-only imports included.
// import-x/no-cycle (and eslint-plugin-import's) skips every `import type` with no option to count
// it, so the rule is ours; it walks the graph of tooling/eslint/import-graph.js, whose results are
// cached for the whole lint run, so each file costs one breadth-first search per import.
import path from 'node:path'
import { importPath, importsOfText } from './import-graph.js'

const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles, type-only imports included, at any depth.' },
    schema: [],
    messages: { cycle: 'Import cycle: {{cycle}}. Move what both sides need below both.' },
  },
  create(context) {
    const file = context.physicalFilename
    if (!path.isAbsolute(file)) return {}
    const name = (f) => path.relative(context.cwd, f) || path.basename(f)
    return {
      'Program:exit'() {
        const { sourceCode } = context
        const reported = new Set()
        for (const { target, pos, end } of importsOfText(file, sourceCode.text)) {
          if (!target || reported.has(target)) continue
          const back = target === file ? [file] : importPath(target, file)
          if (!back) continue
          reported.add(target)
          context.report({
            loc: { start: sourceCode.getLocFromIndex(pos), end: sourceCode.getLocFromIndex(end) },
            messageId: 'cycle',
            data: { cycle: [file, ...back].map(name).join(' → ') },
          })
        }
      },
    }
  },
}

export default { meta: { name: 'mosaic' }, rules: { 'no-cycle': noCycle } }
