// Test support for the api: a real app over a fresh database, called through createCaller or HTTP.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createTestDatabase, type TestDatabase } from '@mosaic/db/testing'
import { appRouter, createCallerFactory, createContextInner } from '@mosaic/trpc'
import { createApp } from '../app.ts'
import { loadConfig } from '../config.ts'

const createCaller = createCallerFactory(appRouter)

export type TestApp = Awaited<ReturnType<typeof startTestApp>>

let counter = 0

/** A whole app on a database cloned from the migrated template (or on PGlite with `embedded`). */
export async function startTestApp(opts: { embedded?: boolean; env?: Record<string, string> } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mosaic-test-'))
  const testDb: TestDatabase | null = opts.embedded ? null : await createTestDatabase()
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...(testDb ? { DATABASE_URL: testDb.url } : {}),
    ...opts.env,
  })
  const app = await createApp(config, { webDist: null })

  /** A caller as a given bearer token (or anonymous), exactly as HTTP would build the context. */
  const caller = async (token?: string | null) =>
    createCaller(await createContextInner({ deps: app.deps, credentials: token ? { token, source: 'bearer' } : null }))

  /** Signs a fresh person up and returns their caller. */
  async function user(name?: string, extra: { isPrivate?: boolean } = {}) {
    const username = name ?? `user${process.pid % 1000}_${++counter}`
    const anon = await caller()
    const { user: summary, token } = await anon.auth.signUp({ username, email: `${username}@example.test`, password: 'correct horse battery' })
    const api = await caller(token)
    if (extra.isPrivate) await api.user.update({ isPrivate: true })
    return { ...summary, token, api }
  }

  return {
    app,
    config,
    caller,
    user,
    async close() {
      await app.close()
      await testDb?.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
