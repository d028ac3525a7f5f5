// Sign-out must hold even when the session cache cannot be told: a revoked token is refused at once.
import type { Command } from 'ioredis'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ redis: true })
})
afterAll(() => t?.close())

/** Makes every write to a session-cache key fail, as a Redis that drops the link mid-write would. */
function failSessionCacheWrites() {
  const redis = t.app.engines.redis!
  const send = redis.sendCommand.bind(redis)
  return vi.spyOn(redis, 'sendCommand').mockImplementation(((command: Command, stream?: never) => {
    const writes = ['del', 'unlink', 'set', 'setex', 'expire', 'eval', 'evalsha']
    if (writes.includes(command.name) && command.args.some((a) => String(a).includes('sess:'))) {
      command.reject(new Error('connection reset'))
      return command.promise
    }
    return send(command, stream)
  }) as typeof redis.sendCommand)
}

it.fails('a token signed out while the cache delete fails is refused at once, not 60 s later', async () => {
  const u = await t.user()
  // The session is in the cache now.
  expect((await u.api.auth.me())?.id).toBe(u.id)
  expect((await (await t.caller(u.token)).auth.me())?.id).toBe(u.id)

  const stub = failSessionCacheWrites()
  try {
    await expect(u.api.auth.signOut()).resolves.toEqual({ ok: true })
    await expect((await t.caller(u.token)).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    const http = await t.app.server.inject({ url: '/trpc/auth.me', headers: { authorization: `Bearer ${u.token}` } })
    expect(http.statusCode).toBe(401)
  } finally {
    stub.mockRestore()
  }
})
