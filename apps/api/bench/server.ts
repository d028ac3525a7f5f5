// The built API as its own process, as `pnpm start` runs it, for the benchmarks.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const main = path.resolve(import.meta.dirname, '../dist/main.js')

/** Starts `dist/main.js` on 127.0.0.1:`port` with `env` (and Node flags, e.g. --cpu-prof) and resolves once /healthz answers. */
export async function startApi(port: number, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, main], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] })
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error('server did not start (run `pnpm build` first)')
}

/** SIGTERM, then waits for the process to exit. */
export const stopApi = (child: ChildProcess) => new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM')))
