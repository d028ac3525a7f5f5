// The shared real-world image fixtures and their manifest, for tests. The manifest's `expected_behaviour` column
// is the spec these tests check the pipeline against.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..')
export const FIXTURES_DIR = path.resolve(REPO_ROOT, '../shared/fixtures/images')
const MANIFEST = path.join(FIXTURES_DIR, 'MANIFEST.tsv')

export type FixtureRow = {
  filename: string
  category: string
  accept: boolean
  expectedBehaviour: string
  sha256: string
  /** Upright size after orientation, from `expected_upright_wxh` or else the stored width × height. */
  expected: { width: number; height: number } | null
}

// Fields are tab-separated; a field containing quotes is wrapped in quotes with inner quotes doubled.
function unquote(field: string): string {
  return field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field
}

function parseSize(wxh: string | undefined): { width: number; height: number } | null {
  const match = /^(\d+)x(\d+)$/.exec(wxh ?? '')
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null
}

export function readManifest(): FixtureRow[] {
  if (!existsSync(MANIFEST)) {
    throw new Error(`image fixtures not found at ${FIXTURES_DIR}: the media tests need the shared fixtures checked out beside the repo`)
  }
  const [header, ...lines] = readFileSync(MANIFEST, 'utf8').split('\n').filter((line) => line.trim() !== '')
  const columns = (header ?? '').split('\t')
  return lines.map((line, index) => {
    const fields = line.split('\t').map(unquote)
    if (fields.length !== columns.length) throw new Error(`MANIFEST.tsv row ${index + 2} has ${fields.length} fields, expected ${columns.length}`)
    const row = Object.fromEntries(columns.map((name, i) => [name, fields[i] ?? '']))
    const get = (name: string): string => {
      const value = row[name]
      if (value === undefined) throw new Error(`MANIFEST.tsv has no column ${name}`)
      return value
    }
    const behaviour = get('expected_behaviour')
    const accept = behaviour.startsWith('accept')
    if (!accept && !behaviour.startsWith('reject')) throw new Error(`MANIFEST.tsv: ${get('filename')} is neither accept nor reject`)
    const stored = parseSize(`${get('width')}x${get('height')}`)
    return {
      filename: get('filename'),
      category: get('category'),
      accept,
      expectedBehaviour: behaviour,
      sha256: get('sha256'),
      expected: parseSize(get('expected_upright_wxh')) ?? stored,
    }
  })
}

export function readFixture(filename: string): Buffer {
  return readFileSync(path.join(FIXTURES_DIR, filename))
}
