// A streaming replica of a PrivatePostgres, for tests and drills: `pg_basebackup -R` from the primary
// into the same sandbox, on a free port, tracked by the sandbox like the primary (killed at the end,
// also when the test process dies). initdb's pg_hba already lets 127.0.0.1 replicate with trust, and
// wal_level defaults to `replica`, so the primary needs nothing more.
import { chownSync, mkdirSync, appendFileSync } from 'node:fs'
import path from 'node:path'
import { parseLsn, replayCovers } from '@mosaic/db'
import postgres from 'postgres'
import { freePort, isRoot, pgTool, postgresUser, sleep, tail, type PrivatePostgres, type Sandbox } from './engines.ts'

/** How long start() waits for streaming and caughtUp() for replay: generous, for a loaded CI machine. */
const WAIT_MS = 60_000

export class PrivateReplica {
  readonly dir: string
  readonly dataDir: string
  readonly url: string

  private constructor(
    readonly sandbox: Sandbox,
    readonly primary: PrivatePostgres,
    readonly port: number,
  ) {
    this.dir = path.join(sandbox.root, `pg-replica-${port}`)
    this.dataDir = path.join(this.dir, 'data')
    this.url = `postgres://postgres@127.0.0.1:${port}/mosaic`
  }

  static async create(sandbox: Sandbox, primary: PrivatePostgres): Promise<PrivateReplica> {
    const replica = new PrivateReplica(sandbox, primary, await freePort())
    mkdirSync(replica.dir)
    if (isRoot) {
      const { uid, gid } = postgresUser()
      chownSync(replica.dir, uid, gid)
    }
    // A physical slot keeps the WAL the replica has not received yet, so a replica stopped for a
    // while (a fault drill) catches up by streaming instead of failing on a recycled segment.
    const slot = `replica_${replica.port}`
    await pgTool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', replica.dataDir, '-R', '-X', 'stream', '-C', '-S', slot, '--checkpoint=fast', '--no-sync'])
    // The copied postgresql.conf names the primary's port and socket folder; later lines win.
    appendFileSync(path.join(replica.dataDir, 'postgresql.conf'), [`port = ${replica.port}`, `unix_socket_directories = '${replica.dir}'`, 'hot_standby = on', ''].join('\n'))
    sandbox.trackPostgres(replica.dataDir)
    await replica.start()
    return replica
  }

  /** Starts the replica and waits until it streams from the primary. */
  async start() {
    await pgTool('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dir, 'postgres.log'), '-w', '-t', '60', 'start'])
    const sql = postgres(this.url, { max: 1, onnotice: () => {}, connect_timeout: 5 })
    try {
      for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; ) {
        const [row] = await sql<{ status: string | null }[]>`select (select status from pg_stat_wal_receiver) as status`
        if (row?.status === 'streaming') return
        await sleep(50)
      }
      throw new Error(`replica on port ${this.port} is not streaming: ${this.log()}`)
    } finally {
      await sql.end({ timeout: 1 })
    }
  }

  async stop() {
    await pgTool('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'])
  }

  /**
   * Waits until the replica has replayed everything the primary had written when this was called
   * and, if given, until `visible` holds on it (the rows a test goes on to read).
   */
  async caughtUp(visible?: (sql: postgres.Sql) => Promise<boolean>) {
    const primary = postgres(this.primary.url, { max: 1, onnotice: () => {} })
    const replica = postgres(this.url, { max: 1, onnotice: () => {} })
    try {
      // The private primary commits asynchronously: a commit that has answered may not be written
      // out yet, so the write position (pg_current_wal_lsn()) can stop short of it, and no commit of
      // ours would flush it (one that wrote nothing else commits asynchronously too). The insert
      // position covers every commit; the replica gets there once the WAL writer writes
      // (wal_writer_delay). The same test as the app's lag check (replayCovers).
      const [target] = await primary<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`
      for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; ) {
        const [row] = await replica<{ lsn: string | null }[]>`select pg_last_wal_replay_lsn()::text as lsn`
        const done = row?.lsn ? replayCovers(parseLsn(row.lsn), parseLsn(target!.lsn)) : false
        if (done && (!visible || (await visible(replica)))) return
        await sleep(25)
      }
      throw new Error(`replica on port ${this.port} did not catch up: ${this.log()}`)
    } finally {
      await Promise.all([primary.end({ timeout: 1 }), replica.end({ timeout: 1 })])
    }
  }

  log() {
    return tail(path.join(this.dir, 'postgres.log'))
  }
}
