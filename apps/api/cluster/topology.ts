// The many-machine shape on one machine, over loopback: a PostgreSQL primary and its streaming
// replica, a six-node Redis Cluster (three masters, three replicas), the app as 2 read + 1 write + 1 worker processes from the production
// build, and HAProxy in front with deploy/haproxy.cfg. Everything under one temp folder, on ports
// picked at run time, inside one Sandbox (killed in teardown, or by the reaper if the test dies).
import { chownSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { PrivatePostgres, Sandbox, freePort, sleep } from '../src/testing/engines.ts'
import { PrivateReplica } from '../src/testing/pg-replica.ts'
import { PrivateRedisCluster } from '../src/testing/redis-cluster.ts'
import { productionBuild } from './build.ts'
import { AppProcess, Balancer, UNPRIVILEGED, type Role } from './processes.ts'

const repo = path.resolve(import.meta.dirname, '../../..')
const HIGH = '1000000'

export type TopologyOptions = {
  prefix: string
  /** PATH for the engines and processes (they find redis-server, haproxy and friends through it). */
  path: string
  keep?: boolean
  /** Extra environment for every app process. */
  env?: Record<string, string>
}

export type Timings = Record<'build' | 'engines' | 'apps' | 'balancer', number>

export class Topology {
  readonly timings: Timings = { build: 0, engines: 0, apps: 0, balancer: 0 }

  private constructor(
    readonly sandbox: Sandbox,
    readonly pg: PrivatePostgres,
    readonly replica: PrivateReplica,
    readonly redis: PrivateRedisCluster,
    readonly apps: { read1: AppProcess; read2: AppProcess; write1: AppProcess; worker: AppProcess },
    readonly lb: Balancer,
    /** The environment every app process runs with (for the CLI against the same engines). */
    readonly env: Record<string, string>,
  ) {}

  /** The balancer's address: what a browser, a phone or the bench talks to. */
  get base() {
    return this.lb.base
  }
  get dataDir() {
    return path.join(this.sandbox.root, 'data')
  }

  static async start(options: TopologyOptions): Promise<Topology> {
    const sandbox = new Sandbox({ prefix: options.prefix, path: options.path, keep: options.keep === true })
    try {
      return await Topology.startIn(sandbox, options)
    } catch (err) {
      sandbox.destroySync()
      throw err
    }
  }

  private static async startIn(sandbox: Sandbox, options: TopologyOptions) {
    const since = (t0: number) => (Date.now() - t0) / 1000
    let t0 = Date.now()
    // The build and the engines at once; the engines' time is until the last of them answers.
    let enginesSeconds = 0
    const engines = async () => {
      const [primary, redis] = await Promise.all([PrivatePostgres.create(sandbox), PrivateRedisCluster.create(sandbox)])
      const replica = await PrivateReplica.create(sandbox, primary)
      enginesSeconds = since(t0)
      return [primary, replica, redis] as const
    }
    const [build, [pg, replica, redis]] = await Promise.all([productionBuild(sandbox), engines()])
    const buildSeconds = build.seconds

    const dataDir = path.join(sandbox.root, 'data')
    mkdirSync(dataDir)
    if (process.getuid?.() === 0) chownSync(dataDir, UNPRIVILEGED.uid, UNPRIVILEGED.gid)
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      MALLOC_ARENA_MAX: '2',
      LOG_LEVEL: 'warn',
      HOME: dataDir,
      DATA_DIR: dataDir,
      DATABASE_URL: pg.url,
      DATABASE_REPLICA_URLS: replica.url,
      DATABASE_POOL_SIZE: '5',
      REDIS_CLUSTER_NODES: redis.nodes,
      SESSION_SECRET: 'cluster-session-secret-0123456789abcdef',
      TRUST_PROXY: 'true',
      // Many people from one balancer address: the throttles have their own tests.
      LIMIT_LIKES_PER_HOUR: HIGH,
      LIMIT_COMMENTS_PER_HOUR: HIGH,
      LIMIT_FOLLOWS_PER_DAY: HIGH,
      LIMIT_SIGNIN_PER_ACCOUNT_ADDRESS: HIGH,
      LIMIT_SIGNIN_PER_ACCOUNT: HIGH,
      LIMIT_SIGNIN_PER_ADDRESS: HIGH,
      LIMIT_SIGNUPS_PER_HOUR: HIGH,
      ...options.env,
    }
    const app = async (name: string, role: Role) => new AppProcess(sandbox, name, role, await freePort(), build.mainJs, env)
    const apps = { read1: await app('read1', 'read'), read2: await app('read2', 'read'), write1: await app('write1', 'write'), worker: await app('worker', 'worker') }

    // All four at once, on a database no process has migrated yet: the advisory lock lets one migrate.
    t0 = Date.now()
    const all = Object.values(apps)
    for (const a of all) a.spawn()
    await Promise.all(all.map((a) => a.ready()))
    const appsSeconds = since(t0)

    t0 = Date.now()
    const lb = new Balancer(sandbox, await freePort(), path.join(repo, 'deploy/haproxy.cfg'), { read: [apps.read1, apps.read2], write: [apps.write1] })
    await lb.start()
    const topology = new Topology(sandbox, pg, replica, redis, apps, lb, env)
    await topology.throughBalancer()
    Object.assign(topology.timings, { build: buildSeconds, engines: enginesSeconds, apps: appsSeconds, balancer: since(t0) })
    return topology
  }

  /** Waits until the balancer answers a read with 200 (its health checks have seen the pool). */
  async throughBalancer(timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.base}/readyz`, { signal: AbortSignal.timeout(2000) })).ok) return
      } catch {
        // not yet
      }
      await sleep(100)
    }
    throw new Error(`the balancer does not answer: ${this.lb.log()}`)
  }

  /** Every process and engine, stopped; the temp folder removed (unless kept). Safe to call twice. */
  async stop() {
    await this.lb.stop()
    await Promise.all(Object.values(this.apps).map((a) => a.kill()))
    await this.redis.stop()
    await this.replica.stop().catch(() => {})
    await this.pg.stop().catch(() => {})
    this.sandbox.destroySync()
  }
}
