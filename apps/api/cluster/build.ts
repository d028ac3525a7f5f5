// The production folder the cluster runs: `scripts/build-prod.sh OUT_DIR`, the same build the
// Docker image ships (bundled dist/, production dependencies only), made once per run.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Sandbox } from '../src/testing/engines.ts'

const repo = path.resolve(import.meta.dirname, '../../..')
const script = path.join(repo, 'scripts/build-prod.sh')

/** Builds the production folder under the sandbox and returns the path of its `dist/main.js`. */
export async function productionBuild(sandbox: Sandbox): Promise<{ mainJs: string; seconds: number }> {
  const t0 = Date.now()
  if (!existsSync(script)) {
    // Before scripts/build-prod.sh existed: the workspace build itself.
    const dist = path.join(repo, 'apps/api/dist')
    if (!existsSync(path.join(dist, 'main.js'))) throw new Error('apps/api/dist/main.js is missing: run `pnpm build` first (`pnpm test` does)')
    return { mainJs: path.join(dist, 'main.js'), seconds: 0 }
  }
  const out = path.join(sandbox.root, 'app')
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [script, out], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scripts/build-prod.sh failed (${code}):\n${output.slice(-4000)}`))))
  })
  return { mainJs: path.join(out, 'dist/main.js'), seconds: (Date.now() - t0) / 1000 }
}
