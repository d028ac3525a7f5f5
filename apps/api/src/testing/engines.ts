// Private engines for tests and drills: a PostgreSQL cluster and a redis-server of their own, under one
// temp folder on free ports. Never the shared Postgres on 5432 or Redis on 6379: every process here is
// started by a Sandbox and killed by it (process groups), and a detached reaper kills them too should
// the test process die first. Nothing here reads the environment: callers pass what they need.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { appendFileSync, chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })

const PG_BIN = '/usr/lib/postgresql/15/bin'
const REAPER = path.resolve(import.meta.dirname, 'reaper.mjs')
export const isRoot = userInfo().uid === 0

export type SandboxOptions = {
  /** Names the temp folder (`<prefix>-XXXXXX`). */
  prefix?: string
  /** PATH for the processes started here; without it they inherit this process's environment. */
  path?: string
  /** Keep the temp folder (engine logs, data) after destroySync, for a post-mortem. */
  keep?: boolean
}

/** What a test started, mirrored to a file the reaper reads if this process dies. */
export class Sandbox {
  readonly root: string
  private readonly stateFile: string
  private readonly groups = new Set<number>()
  private readonly pgDataDirs = new Set<string>()
  private reaper: ChildProcess | null = null

  constructor(readonly options: SandboxOptions = {}) {
    this.root = mkdtempSync(path.join(tmpdir(), `${options.prefix ?? 'mosaic-engines'}-`))
    // Postgres runs as its own user and must reach its folder inside this one.
    chmodSync(this.root, 0o755)
    this.stateFile = path.join(tmpdir(), `${path.basename(this.root)}.state.json`)
    this.save()
    this.reaper = spawn(process.execPath, [REAPER, String(process.pid), this.stateFile], { detached: true, stdio: 'ignore' })
    this.reaper.unref()
  }

  /** The environment for a child process: PATH alone when one was given, else inherited (undefined). */
  childEnv(): NodeJS.ProcessEnv | undefined {
    return this.options.path === undefined ? undefined : { PATH: this.options.path }
  }

  track(group: number) {
    this.groups.add(group)
    this.save()
  }
  untrack(group: number) {
    this.groups.delete(group)
    this.save()
  }
  /** SIGKILLs a process group started here (thawed first, should it be stopped) and waits for its leader to exit. */
  async killGroup(proc: ChildProcess | null) {
    if (!proc?.pid) return
    const exited = proc.exitCode !== null ? Promise.resolve() : new Promise((resolve) => proc.once('exit', resolve))
    signal(-proc.pid, 'SIGCONT')
    signal(-proc.pid, 'SIGKILL')
    await exited
    this.untrack(proc.pid)
  }
  trackPostgres(dataDir: string) {
    this.pgDataDirs.add(dataDir)
    this.save()
  }

  private save() {
    writeFileSync(this.stateFile, JSON.stringify({ root: this.root, keep: this.options.keep === true, groups: [...this.groups], pgDataDirs: [...this.pgDataDirs] }))
  }

  /** Synchronous, so it can run from an exit handler: kill every group and postmaster, remove the folder. */
  destroySync() {
    for (const group of this.groups) {
      signal(-group, 'SIGCONT')
      signal(-group, 'SIGKILL')
    }
    this.groups.clear()
    for (const dir of this.pgDataDirs) {
      const pid = postmasterPid(dir)
      if (pid) {
        signal(pid, 'SIGQUIT')
        for (let i = 0; i < 100 && alive(pid); i++) spawnSync('sleep', ['0.05'])
        signal(pid, 'SIGKILL')
      }
    }
    this.pgDataDirs.clear()
    rmSync(this.stateFile, { force: true })
    if (this.reaper?.pid) signal(this.reaper.pid, 'SIGTERM')
    this.reaper = null
    if (!this.options.keep) rmSync(this.root, { recursive: true, force: true })
  }
}

export const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    return pid > 0 ? pid : null
  } catch {
    return null
  }
}

/** Runs a Postgres tool as the postgres user (it refuses to run as root), without blocking the event loop. */
export function pgTool(tool: string, args: string[]) {
  const cmd = isRoot ? ['runuser', '-u', 'postgres', '--', path.join(PG_BIN, tool), ...args] : [path.join(PG_BIN, tool), ...args]
  return new Promise<string>((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.once('error', reject)
    child.once('exit', (code, sig) => (code === 0 ? resolve(out) : reject(new Error(`${tool} ${args.join(' ')} failed (${code ?? sig}): ${out}`))))
  })
}

/** A throwaway PostgreSQL cluster: initdb under the sandbox, trust auth, 127.0.0.1 only. */
export class PrivatePostgres {
  readonly dir: string
  readonly dataDir: string
  readonly url: string

  private constructor(
    readonly sandbox: Sandbox,
    readonly port: number,
  ) {
    this.dir = path.join(sandbox.root, 'pg')
    this.dataDir = path.join(this.dir, 'data')
    this.url = `postgres://postgres@127.0.0.1:${port}/mosaic`
  }

  static async create(sandbox: Sandbox): Promise<PrivatePostgres> {
    const pg = new PrivatePostgres(sandbox, await freePort())
    mkdirSync(pg.dir)
    if (isRoot) {
      const { uid, gid } = postgresUser()
      chownSync(pg.dir, uid, gid)
    }
    await pgTool('initdb', ['-D', pg.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
    // Settings for a disposable cluster: durability off (nothing here outlives the run; restarts are
    // clean `-m fast` ones), its socket in its own folder, nothing on the shared engine's port.
    appendFileSync(
      path.join(pg.dataDir, 'postgresql.conf'),
      [
        `port = ${pg.port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${pg.dir}'`,
        'fsync = off',
        'full_page_writes = off',
        'synchronous_commit = off',
        'max_connections = 60',
        'shared_buffers = 32MB',
        'log_min_messages = warning',
        '',
      ].join('\n'),
    )
    sandbox.trackPostgres(pg.dataDir)
    await pg.start()
    const admin = postgres(`postgres://postgres@127.0.0.1:${pg.port}/postgres`, { max: 1, onnotice: () => {} })
    await admin`create database mosaic`
    await admin.end()
    return pg
  }

  async start() {
    await pgTool('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dir, 'postgres.log'), '-w', '-t', '60', 'start'])
  }
  async stop() {
    await pgTool('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'])
  }
  get pid() {
    return postmasterPid(this.dataDir)
  }
  log() {
    return tail(path.join(this.dir, 'postgres.log'))
  }
}

export function postgresUser() {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))
  if (!line) throw new Error('no postgres user on this machine')
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

/** A redis-server of our own: no persistence, so a restart comes back empty. */
export class PrivateRedis {
  private proc: ChildProcess | null = null
  readonly dir: string

  private constructor(
    readonly sandbox: Sandbox,
    readonly port: number,
  ) {
    this.dir = path.join(sandbox.root, 'redis')
    mkdirSync(this.dir)
  }

  static async create(sandbox: Sandbox) {
    const r = new PrivateRedis(sandbox, await freePort())
    await r.start()
    return r
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`
  }

  async start() {
    const log = openSync(path.join(this.dir, 'redis.log'), 'a')
    const proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], {
      detached: true,
      stdio: ['ignore', log, log],
      env: this.sandbox.childEnv(),
    })
    closeSync(log)
    if (!proc.pid) throw new Error('redis-server did not start (is it installed?)')
    this.proc = proc
    this.sandbox.track(proc.pid)
    for (let i = 0; i < 200; i++) {
      if (await redisPing(this.port)) return
      if (proc.exitCode !== null) break
      await sleep(50)
    }
    throw new Error(`redis-server did not answer on port ${this.port}: ${tail(path.join(this.dir, 'redis.log'))}`)
  }

  /** SIGKILL: the process vanishes with everything in memory. */
  async kill() {
    const proc = this.proc
    this.proc = null
    await this.sandbox.killGroup(proc)
  }

  /** SIGSTOP: the socket stays open and accepts connections, nothing answers. */
  freeze() {
    if (this.proc?.pid) signal(this.proc.pid, 'SIGSTOP')
  }
  thaw() {
    if (this.proc?.pid) signal(this.proc.pid, 'SIGCONT')
  }
}

function redisPing(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')))
  })
}

export function tail(file: string, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}
