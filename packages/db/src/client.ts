import { fileURLToPath } from 'node:url'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import { sql, type SQL } from 'drizzle-orm'
import postgres from 'postgres'
import * as schema from './schema/index.ts'

export type Schema = typeof schema
/** One Drizzle type for both engines: code above this package never knows which one it has. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
/** A database or a transaction on it: what every query helper accepts. */
export type Queryable = Db | Tx

export type DbConfig = {
  /** postgres:// URL; when absent, an embedded PGlite under dataDir/db is used. */
  databaseUrl?: string | undefined
  dataDir: string
  /** Pool size for postgres.js. */
  max?: number
  migrationsFolder?: string
  /** Told each statement's text as it is sent (postgres.js only): tests count what a request runs. */
  onQuery?: (query: string) => void
}

export type DbHandle = {
  db: Db
  kind: 'postgres' | 'pglite'
  migrate(): Promise<void>
  ping(): Promise<void>
  close(): Promise<void>
}

export const defaultMigrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url))

export function createDb(config: DbConfig): DbHandle {
  const migrationsFolder = config.migrationsFolder ?? defaultMigrationsFolder
  if (config.databaseUrl) {
    const url = config.databaseUrl
    const client = postgresClient(url, { max: config.max, onQuery: config.onQuery })
    const db = drizzlePostgres({ client, schema, casing: 'snake_case' })
    return {
      db,
      kind: 'postgres',
      migrate: () => withMigrationLock(url, () => migratePostgres(db, { migrationsFolder })),
      ping: async () => {
        await client`select 1`
      },
      close: () => client.end({ timeout: 5 }),
    }
  }
  const dir = path.join(config.dataDir, 'db')
  mkdirSync(dir, { recursive: true })
  // Contrib extensions the migrations create must be loaded into the WASM build first (search: trigram
  // indexes on names, unaccent in the full-text documents, btree_gin for the posts' time in their
  // full-text index).
  const client = new PGlite(dir, { extensions: { btree_gin, pg_trgm, unaccent } })
  const db = drizzlePglite({ client, schema, casing: 'snake_case' })
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    ping: async () => {
      await client.query('select 1')
    },
    close: () => client.close(),
  }
}

/** The postgres.js client every pool here uses, the primary's and the replicas' alike. */
export function postgresClient(url: string, opts: { max?: number | undefined; onQuery?: ((query: string) => void) | undefined } = {}) {
  return postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    // Prepared statements are cached per connection: the hot queries are parsed once.
    prepare: true,
    // A database that does not answer is reported (503) within seconds, not after postgres.js's
    // default 30 s; and reconnects are retried at most a second apart (the default backoff grows
    // to 20 s during an outage and is shared by the pool, so queries would stall long after
    // PostgreSQL is back).
    connect_timeout: 5,
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
    ...(opts.onQuery ? { debug: (_connection: number, query: string) => opts.onQuery?.(query) } : {}),
    // Every query here is short, but the planner's cost for one with a lateral join over many
    // index ranges (a place page, a radius) can pass jit_above_cost: compiling then takes ~1 s for a
    // query that runs in 2 ms. JIT is for long analytic queries; this app has none. Nor parallel
    // workers: starting them costs more than the short queries here gain, and with many requests
    // at once they only compete for the same cores (a search collecting a few thousand matches
    // went parallel and its p99 doubled under load).
    connection: { jit: 'off', max_parallel_workers_per_gather: '0' },
  })
}

// Any fixed 64-bit number, the same in every process: the key of the migrations' advisory lock.
const MIGRATION_LOCK = 4_151_946_512_337n

/**
 * Several processes starting at once (a deploy of four) would each apply the same migrations and
 * all but one would fail on a table that now exists. A session-level advisory lock, held on a
 * connection of its own (the pool's may be a single one, which the migrator needs), lets one
 * migrate while the others wait, then find nothing left to apply. The lock goes with the
 * connection, so a process that dies while migrating releases it.
 */
async function withMigrationLock(url: string, migrate: () => Promise<void>) {
  const lock = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 })
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK.toString()}::bigint)`
    await migrate()
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK.toString()}::bigint)`
  } finally {
    await lock.end({ timeout: 5 })
  }
}

/** Runs raw SQL and returns its rows on either engine (their result shapes differ). */
export async function rows<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown
  if (Array.isArray(result)) return result as T[]
  return ((result as { rows?: T[] }).rows ?? []) as T[]
}

export { sql }
