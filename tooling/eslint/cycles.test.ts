// The cycle checks run by `pnpm lint` catch the cycles in tooling/lint-fixtures and pass the code
// there that has none: the lint rule through ESLint's own API with the repo's eslint.config.js,
// the folder check as the command `pnpm lint` runs.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { findFolderCycles } from '../../scripts/check-folder-cycles.mjs'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const fixtures = path.join(repo, 'tooling/lint-fixtures')
const script = path.join(repo, 'scripts/check-folder-cycles.mjs')

// The fixtures are in eslint.config.js's ignores (so `pnpm lint` passes); `ignore: false` lints
// them with everything else in that config.
async function lint(dir: string) {
  const eslint = new ESLint({ cwd: repo, ignore: false })
  const results = await eslint.lintFiles([path.join(fixtures, dir)])
  return results.flatMap((result) =>
    result.messages.map((m) => ({ file: path.relative(fixtures, result.filePath), rule: m.ruleId, line: m.line, message: m.message })),
  )
}

async function runScript(dir: string) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script, dir], { cwd: repo })
    return { code: 0, output: stdout }
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string }
    return { code, output: stdout + stderr }
  }
}

describe('mosaic/no-cycle', () => {
  it('fails on two files that import each other with import type only', async () => {
    const messages = (await lint('file-cycle')).filter((m) => m.file.match(/^file-cycle\/[ab]\.ts$/))
    expect(messages).toEqual([
      {
        file: 'file-cycle/a.ts',
        rule: 'mosaic/no-cycle',
        line: 1,
        message: expect.stringContaining('tooling/lint-fixtures/file-cycle/a.ts → tooling/lint-fixtures/file-cycle/b.ts → tooling/lint-fixtures/file-cycle/a.ts'),
      },
      {
        file: 'file-cycle/b.ts',
        rule: 'mosaic/no-cycle',
        line: 1,
        message: expect.stringContaining('file-cycle/b.ts → tooling/lint-fixtures/file-cycle/a.ts → tooling/lint-fixtures/file-cycle/b.ts'),
      },
    ])
  })

  it('follows a cycle of any length through import type, a dynamic import() and export type … from', async () => {
    const messages = (await lint('file-cycle')).filter((m) => m.file.includes('deep-'))
    expect(messages.map((m) => [m.file, m.rule, m.line])).toEqual([
      ['file-cycle/deep-1.ts', 'mosaic/no-cycle', 1],
      ['file-cycle/deep-2.ts', 'mosaic/no-cycle', 1],
      ['file-cycle/deep-3.ts', 'mosaic/no-cycle', 1],
    ])
    expect(messages[0]?.message).toMatch(/deep-1\.ts → \S+deep-2\.ts → \S+deep-3\.ts → \S+deep-1\.ts/)
  })

  it('passes files that share an import without a cycle, with no other lint error', async () => {
    expect(await lint('file-acyclic')).toEqual([])
  })

  it('sees no file cycle where only folders go round', async () => {
    expect(await lint('folder-cycle')).toEqual([])
  })
})

describe('check-folder-cycles', () => {
  it('fails on folders that import each other round through a third, and names the imports', async () => {
    expect(findFolderCycles(path.join(fixtures, 'folder-cycle/src')).cycles).toEqual([['x/', 'y/', 'z/', 'x/']])
    const { code, output } = await runScript('tooling/lint-fixtures/folder-cycle/src')
    expect(code).toBe(1)
    expect(output).toContain('x/ -> y/ -> z/ -> x/')
    expect(output).toContain('z/ -> x/: z/z.ts -> x/base.ts')
  })

  it('passes folders that only import downwards, whatever their tests import', async () => {
    const { edges, cycles } = findFolderCycles(path.join(fixtures, 'folder-acyclic/src'))
    expect(cycles).toEqual([])
    expect([...edges.keys()].sort()).toEqual(['index.ts', 'x/', 'y/'])
    const { code, output } = await runScript('tooling/lint-fixtures/folder-acyclic/src')
    expect(code).toBe(0)
    expect(output).toContain('no folder cycle')
  })
})
