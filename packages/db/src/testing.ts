// Test support: a migrated template database on the real PostgreSQL, cloned once per test file.
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { createDb, type DbHandle } from './client.ts'
import { testEnv } from './test-env.ts'

export const TEMPLATE_DB = testEnv.templateDb

export { testEnv }

export function adminUrl(): string {
  return testEnv.databaseUrl
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/** Fails loudly (never skips) when PostgreSQL does not answer: CI must not pass without it. */
export async function assertPostgres(): Promise<void> {
  const sql = postgres(adminUrl(), { max: 1, connect_timeout: 5, onnotice: () => {} })
  try {
    await sql`select 1`
  } catch (err) {
    throw new Error(`PostgreSQL is required for the tests and does not answer at ${adminUrl()}: ${String(err)}`)
  } finally {
    await sql.end({ timeout: 1 })
  }
}

export async function createTemplate(): Promise<void> {
  await assertPostgres()
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`)
    await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DB}`)
  } finally {
    await admin.end({ timeout: 1 })
  }
  const handle = createDb({ databaseUrl: withDatabase(adminUrl(), TEMPLATE_DB), dataDir: '', max: 1 })
  await handle.migrate()
  await handle.close()
}

export type TestDatabase = DbHandle & { url: string; drop(): Promise<void> }

/** A fresh database cloned from the migrated template; call drop() in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `mosaic_test_${randomBytes(6).toString('hex')}`
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`)
  } finally {
    await admin.end({ timeout: 1 })
  }
  const url = withDatabase(adminUrl(), name)
  const handle = createDb({ databaseUrl: url, dataDir: '', max: 5 })
  return {
    ...handle,
    url,
    async drop() {
      await handle.close()
      const a = postgres(adminUrl(), { max: 1, onnotice: () => {} })
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await a.end({ timeout: 1 })
      }
    },
  }
}
