// Test support for the api: a real app over a fresh database, called through createCaller or HTTP.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createTestDatabase, testEnv, type TestDatabase } from '@mosaic/db/testing'
import type { Clock } from '@mosaic/core'
import { createCaller, createContextInner } from '@mosaic/trpc'
import { createApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { paths } from '../paths.ts'

export type TestApp = Awaited<ReturnType<typeof startTestApp>>

let counter = 0

/** A whole app on a database cloned from the migrated template (or on PGlite with `embedded`). */
export async function startTestApp(opts: { embedded?: boolean; env?: Record<string, string>; web?: boolean; redis?: boolean | string; redisCluster?: string; clock?: Clock; onQuery?: (query: string) => void } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mosaic-test-'))
  const testDb: TestDatabase | null = opts.embedded ? null : await createTestDatabase()
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // Every test signs its people up from 127.0.0.1: a test that is about these limits sets its own.
    LIMIT_SIGNUPS_PER_HOUR: '100000',
    // Recompute who-to-follow lists at once: a debounce window would hold every queue drain open.
    SUGGESTIONS_DEBOUNCE_SECONDS: '0',
    ...(testDb ? { DATABASE_URL: testDb.url } : {}),
    // Each app gets its own key namespace on the shared Redis, so parallel test files never meet.
    ...(opts.redis
      ? { REDIS_URL: typeof opts.redis === 'string' ? opts.redis : testEnv.redisUrl, REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:` }
      : {}),
    // `redisCluster`: REDIS_CLUSTER_NODES of a PrivateRedisCluster (testing/redis-cluster.ts).
    ...(opts.redisCluster ? { REDIS_CLUSTER_NODES: opts.redisCluster, REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:` } : {}),
    ...opts.env,
  })
  const app = await createApp(config, { ...(opts.web ? {} : { webDist: null }), ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.onQuery ? { onQuery: opts.onQuery } : {}) })

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

  let base: string | null = null
  /** Starts listening on a free port (once) and returns the base URL. */
  async function listen() {
    base ??= await app.server.listen({ port: 0, host: '127.0.0.1' })
    return base
  }

  return {
    app,
    config,
    caller,
    user,
    listen,
    async close() {
      await app.close()
      await testDb?.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A clock a test moves by hand (`clock.set(t)`, `clock.advance(ms)`), handed to startTestApp. */
export function testClock(start = Date.now()) {
  let t = start
  return {
    now: () => new Date(t),
    set: (ms: number) => void (t = ms),
    advance: (ms: number) => void (t += ms),
  }
}

/** The shared image fixtures beside the checkout. */
export const FIXTURES = paths.fixtures

/** A signed-in person's view over real HTTP (fetch against a listening server). */
export function httpClient(base: string, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  return {
    async upload(path: string, form: FormData) {
      const res = await fetch(`${base}/trpc/${path}`, { method: 'POST', body: form, headers })
      return { status: res.status, body: (await res.json()) as { result?: { data: unknown }; error?: { message: string; data: Record<string, unknown> } } }
    },
    async query(path: string, input: unknown) {
      const res = await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      return { status: res.status, body: (await res.json()) as { result?: { data: unknown }; error?: { message: string; data: Record<string, unknown> } } }
    },
    get: (url: string, init: RequestInit = {}) => fetch(url.startsWith('http') ? url : `${base}${url}`, { redirect: 'manual', ...init }),
  }
}
