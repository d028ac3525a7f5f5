// A Redis Cluster of our own for tests and drills: six redis-servers (three masters, three replicas)
// on free ports under the sandbox's folder, joined with `redis-cli --cluster create`. A short
// cluster-node-timeout lets a killed master's replica take over within a couple of seconds.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdirSync, openSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { freePort, sleep, tail, type Sandbox } from './engines.ts'

const NODE_TIMEOUT_MS = 1000

type Node = { port: number; dir: string; proc: ChildProcess | null }

export class PrivateRedisCluster {
  /** `127.0.0.1:p1,…,127.0.0.1:p6`, the form REDIS_CLUSTER_NODES takes. */
  readonly nodes: string

  private constructor(
    readonly sandbox: Sandbox,
    private readonly members: Node[],
  ) {
    this.nodes = members.map((n) => `127.0.0.1:${n.port}`).join(',')
  }

  get ports(): number[] {
    return this.members.map((n) => n.port)
  }

  static async create(sandbox: Sandbox): Promise<PrivateRedisCluster> {
    const root = path.join(sandbox.root, 'redis-cluster')
    mkdirSync(root)
    const members: Node[] = []
    const taken = new Set<number>()
    while (members.length < 6) {
      const port = await freePort()
      // The cluster bus listens on port + 10000: both must be free and below 65536.
      if (taken.has(port) || port + 10000 > 65535 || !(await isFree(port + 10000))) continue
      taken.add(port)
      const dir = path.join(root, String(port))
      mkdirSync(dir)
      members.push({ port, dir, proc: null })
    }
    const cluster = new PrivateRedisCluster(sandbox, members)
    await Promise.all(members.map((n) => cluster.startNode(n)))
    await run(sandbox, 'redis-cli', ['--cluster', 'create', ...members.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'])
    await cluster.waitFor(async () => (await cluster.everyNode((p) => clusterState(sandbox, p))).every((s) => s === 'ok'), 'cluster_state:ok on every node')
    // Replicas must have synced before a master may be killed, or failover finds nothing to promote.
    await cluster.waitFor(() => cluster.replicasSynced(), 'every replica synced with its master')
    return cluster
  }

  /**
   * SIGKILLs one master that holds slots (`port`, or the first one found); resolves once its
   * replica has taken over and the cluster state is ok. A promoted replica has no replica of its
   * own: kill each original master at most once.
   */
  async killMaster(port?: number): Promise<{ port: number }> {
    const masters = await this.masters()
    const victim = this.members.find((n) => n.proc && masters.includes(n.port) && (port === undefined || n.port === port))
    if (!victim) throw new Error('no running master to kill')
    const proc = victim.proc
    victim.proc = null
    await this.sandbox.killGroup(proc)
    await this.waitFor(async () => {
      const live = this.members.filter((n) => n.proc)
      const states = await Promise.all(live.map((n) => clusterState(this.sandbox, n.port)))
      if (!states.every((s) => s === 'ok')) return false
      const now = await this.masters()
      return now.length >= 3 && !now.includes(victim.port)
    }, `failover after killing master ${victim.port}`)
    return { port: victim.port }
  }

  async stop(): Promise<void> {
    for (const n of this.members) {
      const proc = n.proc
      n.proc = null
      await this.sandbox.killGroup(proc)
    }
  }

  /** Ports of the live masters that hold slots, as a live node sees them. */
  async masters(): Promise<number[]> {
    const live = this.members.find((n) => n.proc)
    if (!live) return []
    const out = await run(this.sandbox, 'redis-cli', ['-p', String(live.port), 'cluster', 'nodes'])
    return out
      .split('\n')
      .map((line) => line.split(' '))
      .filter((f) => f[2]?.includes('master') && !f[2].includes('fail') && f.length > 8)
      .map((f) => Number(f[1]?.split(':')[1]?.split('@')[0]))
  }

  /** Ports of the live masters that have a live replica (one a failover can promote). */
  async mastersWithReplica(): Promise<number[]> {
    const live = this.members.find((n) => n.proc)
    if (!live) return []
    const lines = (await run(this.sandbox, 'redis-cli', ['-p', String(live.port), 'cluster', 'nodes'])).split('\n').map((line) => line.split(' '))
    const followed = new Set(lines.filter((f) => f[2]?.includes('slave') && !f[2].includes('fail')).map((f) => f[3]))
    return lines.filter((f) => f[2]?.includes('master') && !f[2].includes('fail') && followed.has(f[0])).map((f) => Number(f[1]?.split(':')[1]?.split('@')[0]))
  }

  /**
   * Whether every replica has finished its first sync, as its master sees it (`state=online`): a
   * replica waiting for its master's delayed diskless BGSAVE may already call its link up, yet has
   * no data a failover could promote.
   */
  private async replicasSynced(): Promise<boolean> {
    const infos = await this.everyNode((p) => run(this.sandbox, 'redis-cli', ['-p', String(p), 'info', 'replication']))
    const online = infos.filter((i) => i.includes('role:master')).reduce((n, i) => n + (i.match(/^slave\d+:.*state=online/gm)?.length ?? 0), 0)
    const linked = infos.filter((i) => i.includes('role:slave')).every((i) => i.includes('master_link_status:up'))
    return online === this.members.length / 2 && linked
  }

  private everyNode<T>(fn: (port: number) => Promise<T>): Promise<T[]> {
    return Promise.all(this.members.filter((n) => n.proc).map((n) => fn(n.port)))
  }

  private async waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return
      await sleep(100)
    }
    const logs = this.members.map((n) => `--- ${n.port}\n${tail(path.join(n.dir, 'redis.log'), 30)}`).join('\n')
    throw new Error(`Redis Cluster: timed out waiting for ${what}\n${logs}`)
  }

  private async startNode(n: Node) {
    const log = openSync(path.join(n.dir, 'redis.log'), 'a')
    const proc = spawn(
      'redis-server',
      [
        '--port', String(n.port),
        '--bind', '127.0.0.1',
        '--cluster-enabled', 'yes',
        '--cluster-config-file', path.join(n.dir, 'nodes.conf'),
        '--cluster-node-timeout', String(NODE_TIMEOUT_MS),
        // A replica's first sync need not wait 5 s for others to join the same RDB transfer.
        '--repl-diskless-sync-delay', '0',
        '--appendonly', 'no',
        '--save', '',
        '--dir', n.dir,
      ],
      { detached: true, stdio: ['ignore', log, log], env: this.sandbox.childEnv() },
    )
    closeSync(log)
    if (!proc.pid) throw new Error('redis-server did not start (is it installed?)')
    n.proc = proc
    this.sandbox.track(proc.pid)
    await this.waitFor(async () => (await run(this.sandbox, 'redis-cli', ['-p', String(n.port), 'ping'])).trim() === 'PONG', `redis-server on ${n.port}`, 10_000)
  }
}

async function clusterState(sandbox: Sandbox, port: number) {
  const info = await run(sandbox, 'redis-cli', ['-p', String(port), 'cluster', 'info'])
  return /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown'
}

function isFree(port: number) {
  return new Promise<boolean>((resolve) => {
    const s = createServer()
    s.once('error', () => resolve(false))
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })
}

/** Runs a short redis tool to completion and returns its output. */
function run(sandbox: Sandbox, cmd: string, args: string[]) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: sandbox.childEnv() })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${out}`))))
  })
}
