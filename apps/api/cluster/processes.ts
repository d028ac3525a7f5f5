// The cluster's own processes: the app (one per role) from the production build folder, run as an
// unprivileged user when the test runs as root, and HAProxy with deploy/haproxy.cfg. Each is its own
// process group tracked by the Sandbox, so teardown (or the reaper, should the test process die)
// kills it whatever happened.
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, closeSync, openSync } from 'node:fs'
import { createConnection } from 'node:net'
import path from 'node:path'
import { sleep, tail, type Sandbox } from '../src/testing/engines.ts'

/** nobody:nogroup on Debian: the app never needs root, and the test proves it. */
export const UNPRIVILEGED = { uid: 65534, gid: 65534 }
const asRoot = process.getuid?.() === 0

export type Role = 'read' | 'write' | 'worker'

/** One app process (`node BUILD/dist/main.js`) in one role on 127.0.0.1:port. */
export class AppProcess {
  private proc: ChildProcess | null = null
  readonly logFile: string
  readonly base: string

  constructor(
    private readonly sandbox: Sandbox,
    readonly name: string,
    readonly role: Role,
    readonly port: number,
    private readonly mainJs: string,
    private readonly env: Record<string, string>,
  ) {
    this.logFile = path.join(sandbox.root, `${name}.log`)
    this.base = `http://127.0.0.1:${port}`
  }

  get address() {
    return `127.0.0.1:${this.port}`
  }
  get running() {
    return this.proc !== null
  }
  get pid() {
    return this.proc?.pid ?? null
  }

  /** Starts the process; `ready()` waits for it. */
  spawn() {
    appendFileSync(this.logFile, `\n--- start ${new Date().toISOString()}\n`)
    const log = openSync(this.logFile, 'a')
    const proc = spawn(process.execPath, [this.mainJs], {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...this.sandbox.childEnv(), ...this.env, ROLE: this.role, PORT: String(this.port), HOST: '127.0.0.1' },
      ...(asRoot ? UNPRIVILEGED : {}),
    })
    closeSync(log)
    if (!proc.pid) throw new Error(`${this.name} did not start`)
    this.proc = proc
    this.sandbox.track(proc.pid)
  }

  /** Resolves once /readyz answers 200 (every engine this process needs answers). */
  async ready(timeoutMs = 90_000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (!this.proc || this.proc.exitCode !== null) break
      try {
        const res = await fetch(`${this.base}/readyz`, { signal: AbortSignal.timeout(2000) })
        if (res.ok) return
      } catch {
        // not listening yet
      }
      await sleep(100)
    }
    throw new Error(`${this.name} did not become ready (exit ${this.proc?.exitCode ?? 'none'}):\n${this.log()}`)
  }

  async start() {
    this.spawn()
    await this.ready()
  }

  /** SIGKILL: the process vanishes mid-request, as a crashed machine would. */
  async kill() {
    const proc = this.proc
    this.proc = null
    await this.sandbox.killGroup(proc)
  }

  /** The process's Prometheus text from its own port (bypassing the balancer). */
  async metrics() {
    const res = await fetch(`${this.base}/metrics`, { signal: AbortSignal.timeout(5000) })
    return res.text()
  }

  log(lines = 40) {
    return tail(this.logFile, lines)
  }
}

export type Pools = { read: AppProcess[]; write: AppProcess[] }

/** HAProxy in the foreground (-db) with the repository's deploy/haproxy.cfg, addresses from its env vars. */
export class Balancer {
  private proc: ChildProcess | null = null
  readonly logFile: string
  readonly base: string

  constructor(
    private readonly sandbox: Sandbox,
    readonly port: number,
    private readonly configFile: string,
    private readonly pools: Pools,
  ) {
    this.logFile = path.join(sandbox.root, 'haproxy.log')
    this.base = `http://127.0.0.1:${port}`
  }

  async start() {
    const [read1, read2] = this.pools.read
    const [write1] = this.pools.write
    if (!read1 || !read2 || !write1) throw new Error('the balancer needs two read processes and one write process')
    const log = openSync(this.logFile, 'a')
    const proc = spawn('haproxy', ['-db', '-f', this.configFile], {
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...this.sandbox.childEnv(),
        MOSAIC_LB_ADDR: '127.0.0.1',
        MOSAIC_LB_PORT: String(this.port),
        MOSAIC_READ1: read1.address,
        MOSAIC_READ2: read2.address,
        MOSAIC_WRITE1: write1.address,
      },
    })
    closeSync(log)
    if (!proc.pid) throw new Error('haproxy did not start (apt-get install haproxy)')
    this.proc = proc
    this.sandbox.track(proc.pid)
    for (let i = 0; i < 200; i++) {
      if (proc.exitCode !== null) break
      if (await listening(this.port)) return
      await sleep(50)
    }
    throw new Error(`haproxy did not listen on ${this.port}: ${tail(this.logFile)}`)
  }

  async stop() {
    const proc = this.proc
    this.proc = null
    await this.sandbox.killGroup(proc)
  }

  log(lines = 40) {
    return tail(this.logFile, lines)
  }
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' })
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
