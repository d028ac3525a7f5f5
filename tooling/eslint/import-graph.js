// The import graph of the tree's own source files, shared by the `mosaic/no-cycle` lint rule and
// scripts/check-folder-cycles.mjs. Every way one file can name another counts as an edge: `import`,
// `import type`, `export … from`, `export type … from`, `import()`, `import('…').T`, side-effect
// imports: a type-only cycle is still a tangle a reader has to hold in their head.
// Specifiers are resolved the way the type checker resolves them (TypeScript's own resolver with
// the nearest tsconfig.json), so `@mosaic/*` lands in that package's src; anything that resolves
// into node_modules is outside the graph.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

// Required, not imported: `import` would run Node's CommonJS export scan over the 9 MB compiler
// (seconds), and `require` shares the copy typescript-eslint's parser has already loaded.
const ts = createRequire(import.meta.url)('typescript')

const SOURCE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/

// What a folder without its own tsconfig.json (a lint fixture, scripts/) resolves with: the
// repo's base settings (tooling/typescript/base.json).
const FALLBACK_OPTIONS = {
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.ReactJSX,
  noEmit: true,
}

const resolvers = new Map() // tsconfig path ('' for none) -> { options, cache }
const configOfDir = new Map() // directory -> tsconfig path or ''
const files = new Map() // absolute path -> { mtimeMs, checkedAt, edges }

function nearestTsconfig(dir) {
  const known = configOfDir.get(dir)
  if (known !== undefined) return known
  let found = ''
  const candidate = path.join(dir, 'tsconfig.json')
  if (fs.existsSync(candidate)) found = candidate
  else if (!fs.existsSync(path.join(dir, 'pnpm-workspace.yaml')) && path.dirname(dir) !== dir) {
    found = nearestTsconfig(path.dirname(dir)) // stop at the workspace root
  }
  configOfDir.set(dir, found)
  return found
}

function resolverFor(fromFile) {
  const config = nearestTsconfig(path.dirname(fromFile))
  let resolver = resolvers.get(config)
  if (!resolver) {
    let options = FALLBACK_OPTIONS
    if (config) {
      const { config: json } = ts.readConfigFile(config, ts.sys.readFile)
      // Only the compiler options matter: no include or files, so TypeScript lists no directory.
      const settings = { ...json, include: [], files: [] }
      options = ts.parseJsonConfigFileContent(settings, ts.sys, path.dirname(config), undefined, config).options
    }
    const cache = ts.createModuleResolutionCache(path.dirname(config || fromFile), (f) => f, options)
    resolver = { options, cache }
    resolvers.set(config, resolver)
  }
  return resolver
}

// Bare names already seen to resolve into node_modules (zod, react…): not resolved again, which is
// most of the rule's cost. Workspace packages (@mosaic/*) resolve to their src and stay in.
const externalPackages = new Set()
const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')

/** The file a specifier names from `fromFile`, or null when it is a package, a builtin or unknown. */
export function resolveImport(specifier, fromFile) {
  const bare = !specifier.startsWith('.') && !path.isAbsolute(specifier)
  if (specifier.startsWith('node:') || (bare && externalPackages.has(packageName(specifier)))) return null
  const { options, cache } = resolverFor(fromFile)
  const resolved = ts.resolveModuleName(specifier, fromFile, options, ts.sys, cache).resolvedModule
  if (!resolved) return null
  const target = path.resolve(resolved.resolvedFileName)
  if (!target.split(path.sep).includes('node_modules')) return target
  if (bare) externalPackages.add(packageName(specifier))
  return null
}

/**
 * Every import of a module's text, each with the file it resolves to (null: outside the graph) and
 * its position in the text.
 */
export function importsOfText(file, text) {
  if (!SOURCE.test(file)) return []
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName, pos, end }) => ({
    specifier: fileName,
    target: resolveImport(fileName, file),
    pos,
    end,
  }))
}

// How long a file's imports are trusted before its mtime is looked at again: a lint run reads each
// file once, and an editor's long-lived ESLint still sees an edit to another file a moment later.
const FRESH_MS = 2000

/** The resolved files a file on disk imports (cached until the file changes). */
export function importsOf(file) {
  const cached = files.get(file)
  const now = Date.now()
  if (cached && now - cached.checkedAt < FRESH_MS) return cached.edges
  let stat
  try {
    stat = fs.statSync(file)
  } catch {
    return []
  }
  if (cached && cached.mtimeMs === stat.mtimeMs) {
    cached.checkedAt = now
    return cached.edges
  }
  const edges = importsOfText(file, fs.readFileSync(file, 'utf8'))
  files.set(file, { mtimeMs: stat.mtimeMs, checkedAt: now, edges })
  return edges
}

/** The shortest chain of imports from `from` to `to` (both included), or null if there is none. */
export function importPath(from, to) {
  const previous = new Map([[from, null]])
  const queue = [from]
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]
    for (const { target } of importsOf(file)) {
      if (!target || previous.has(target)) continue
      previous.set(target, file)
      if (target === to) {
        const chain = [to]
        for (let step = file; step !== null; step = previous.get(step)) chain.unshift(step)
        return chain
      }
      queue.push(target)
    }
  }
  return null
}

/** Every source file under a directory, tests included, skipping node_modules and dist. */
export function sourceFiles(dir) {
  const out = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(full))
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full)
  }
  return out.sort()
}
