export { createDb, defaultMigrationsFolder, rows, type Db, type DbConfig, type DbHandle, type Queryable, type Tx } from './client.ts'
export * as schema from './schema/index.ts'
// The operators the rest of the tree uses, so nobody imports drizzle-orm directly.
export {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  ne,
  not,
  notExists,
  notInArray,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from 'drizzle-orm'
export { openPostgresPool, parseLsn, primaryWalLsn, replayCovers, replayedWalLsn, type PostgresPool } from './replication.ts'
