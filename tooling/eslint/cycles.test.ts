// The cycle rule run by `pnpm lint` catches the cycles in tooling/lint-fixtures and passes the code
// there that has none, through ESLint's own API with the repo's eslint.config.js.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const fixtures = path.join(repo, 'tooling/lint-fixtures')

// The fixtures are in eslint.config.js's ignores (so `pnpm lint` passes); `ignore: false` lints
// them with everything else in that config.
async function lint(dir: string) {
  const eslint = new ESLint({ cwd: repo, ignore: false })
  const results = await eslint.lintFiles([path.join(fixtures, dir)])
  return results.flatMap((result) =>
    result.messages.map((m) => ({ file: path.relative(fixtures, result.filePath), rule: m.ruleId, line: m.line, message: m.message })),
  )
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
})
