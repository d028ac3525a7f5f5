// Four processes starting at once on a fresh database: the advisory lock lets one apply the
// migrations while the others wait, then they find nothing left to do. Without the lock they would
// each create the same tables and all but one would fail.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createDb, defaultMigrationsFolder } from './client.ts'
import { adminUrl, assertPostgres } from './testing.ts'

const name = `mosaic_test_migrate_${randomBytes(4).toString('hex')}`
const url = (() => {
  const u = new URL(adminUrl())
  u.pathname = `/${name}`
  return u.toString()
})()
const admin = () => postgres(adminUrl(), { max: 1, onnotice: () => {} })

beforeAll(async () => {
  await assertPostgres()
  const sql = admin()
  await sql.unsafe(`CREATE DATABASE ${name}`)
  await sql.end({ timeout: 1 })
})
afterAll(async () => {
  const sql = admin()
  await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await sql.end({ timeout: 1 })
})

it('migrates once when four processes start together, and every one of them proceeds', async () => {
  const handles = Array.from({ length: 4 }, () => createDb({ databaseUrl: url, dataDir: '', max: 1 }))
  try {
    const outcomes = await Promise.allSettled(handles.map((h) => h.migrate()))
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok'])
  } finally {
    await Promise.all(handles.map((h) => h.close()))
  }
  const journal = JSON.parse(readFileSync(path.join(defaultMigrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`
    expect(row?.n).toBe(journal.entries.length)
    // The lock is released: nobody is left holding or waiting for it.
    const [locks] = await sql<{ n: number }[]>`select count(*)::int as n from pg_locks where locktype = 'advisory'`
    expect(locks?.n).toBe(0)
  } finally {
    await sql.end({ timeout: 1 })
  }
})
