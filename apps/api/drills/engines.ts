// The drills' API process: the built server on a free port, started, killed and watched inside the
// drills' Sandbox. The engines it talks to (PrivatePostgres, PrivateRedis) are in src/testing/engines.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { appendFileSync, closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { sleep, tail, type Sandbox } from '../src/testing/engines.ts'

const API_DIST = path.resolve(import.meta.dirname, '../dist')

/** The built server (`node apps/api/dist/main.js`) as its own OS process, so it can be SIGKILLed. */
export class DrillApi {
  private proc: ChildProcess | null = null
  /** Called when the server exits without being killed by the drill (a crash). */
  onCrash: ((how: string) => void) | null = null
  readonly logFile: string
  readonly base: string

  constructor(
    private readonly sandbox: Sandbox,
    readonly port: number,
    readonly env: Record<string, string>,
  ) {
    this.logFile = path.join(sandbox.root, 'api.log')
    this.base = `http://127.0.0.1:${port}`
    if (!existsSync(path.join(API_DIST, 'main.js'))) throw new Error('apps/api/dist/main.js is missing: run `pnpm build` first (`pnpm test` does)')
  }

  get pid() {
    return this.proc?.pid ?? null
  }
  get running() {
    return this.proc !== null
  }

  /** Starts the server and waits until /readyz says every engine answers. */
  async start() {
    appendFileSync(this.logFile, `\n--- start ${new Date().toISOString()}\n`)
    const log = openSync(this.logFile, 'a')
    const proc = spawn(process.execPath, [path.join(API_DIST, 'main.js')], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...this.sandbox.childEnv(), ...this.env },
    })
    closeSync(log)
    if (!proc.pid) throw new Error('the API process did not start')
    this.proc = proc
    const pid = proc.pid
    this.sandbox.track(pid)
    proc.once('exit', (code, sig) => {
      if (this.proc !== proc) return // killed by the drill
      this.proc = null
      this.sandbox.untrack(pid)
      this.onCrash?.(`${code ?? sig}`)
    })
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) break
      try {
        const res = await fetch(`${this.base}/readyz`, { signal: AbortSignal.timeout(2000) })
        if (res.ok) return
      } catch {
        // not listening yet
      }
      await sleep(100)
    }
    throw new Error(`the API did not become ready (exit ${proc.exitCode}): ${tail(this.logFile)}`)
  }

  async kill() {
    const proc = this.proc
    this.proc = null
    await this.sandbox.killGroup(proc)
  }

  /** Resident memory of the server process in kB, from /proc (null when it is not running). */
  rssKb(): number | null {
    if (!this.proc?.pid) return null
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'))
      return m ? Number(m[1]) : null
    } catch {
      return null
    }
  }

  /** Runs an operator command of the same build (`node apps/api/dist/cli.js …`) against the same engines. */
  cli(args: string[]) {
    const r = spawnSync(process.execPath, [path.join(API_DIST, 'cli.js'), ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...this.sandbox.childEnv(), ...this.env, LOG_LEVEL: 'warn' },
    })
    if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`)
    return r.stdout
  }

  log() {
    return tail(this.logFile)
  }
}
