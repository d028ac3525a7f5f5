// Streaming replication, seen from the application: pools over replicas (read-only, never migrated)
// and the WAL positions that say how far behind a replica is.
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { postgresClient, rows, sql, type Db } from './client.ts'
import * as schema from './schema/index.ts'

/** A postgres.js pool as a Drizzle instance, with nothing to migrate: a replica's, or a probe's own connection. */
export type PostgresPool = {
  db: Db
  ping(): Promise<void>
  close(): Promise<void>
}

/** A pool with the primary's client options (prepared statements, timeouts, no JIT); never migrated. */
export function openPostgresPool(url: string, opts: { max?: number } = {}): PostgresPool {
  const client = postgresClient(url, { max: opts.max })
  return {
    db: drizzlePostgres({ client, schema, casing: 'snake_case' }),
    ping: async () => {
      await client`select 1`
    },
    close: () => client.end({ timeout: 5 }),
  }
}

/** `16/B374D848` as a number of bytes, so positions can be compared and subtracted. */
export function parseLsn(text: string): bigint {
  const [hi, lo] = text.split('/')
  if (hi === undefined || lo === undefined) throw new Error(`not a WAL position: ${text}`)
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`)
}

/**
 * The primary's WAL insert position: every commit that has answered its client lies at or before
 * it, with synchronous_commit on or off. (The write position, pg_current_wal_lsn(), may stop short
 * of a commit that answered without waiting for its flush, and a replica that replayed up to it
 * would be taken for one that holds that commit.)
 */
export async function primaryWalLsn(db: Db): Promise<bigint> {
  const [row] = await rows<{ lsn: string }>(db, sql`select pg_current_wal_insert_lsn()::text as lsn`)
  if (!row) throw new Error('pg_current_wal_insert_lsn() returned nothing')
  return parseLsn(row.lsn)
}

const WAL_PAGE_HEADER_BYTES = 24n

/**
 * Whether a replica that has replayed up to `replayed` holds everything before the primary's
 * insert position `position`. An idle primary's insert position may sit just past a WAL page's
 * 24-byte header, where replay (the end of the last record) never gets: no record fits in those bytes.
 */
export function replayCovers(replayed: bigint, position: bigint): boolean {
  return position <= replayed + WAL_PAGE_HEADER_BYTES
}

/** How far a replica has replayed the primary's WAL; null when the server is not replaying (not a replica). */
export async function replayedWalLsn(db: Db): Promise<bigint | null> {
  const [row] = await rows<{ lsn: string | null }>(db, sql`select pg_last_wal_replay_lsn()::text as lsn`)
  return row?.lsn ? parseLsn(row.lsn) : null
}
