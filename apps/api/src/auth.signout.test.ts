// Sign-out must hold even when the session cache cannot be told: a revoked token is refused at once.
import { auth, redisAdapters } from '@mosaic/core'
import { sha256Hex } from '@mosaic/util'
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

it('a token signed out while the cache delete fails is refused at once, not 60 s later', async () => {
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

  // Once Redis takes writes again the revocation reaches the cache itself, so another process
  // (its own memory, the same Redis) refuses the token too.
  const other = { db: t.app.deps.db, sessionCache: redisAdapters.createSessionCache({ redis: t.app.engines.redis! }) }
  for (let i = 0; i < 100 && (await auth.resolveSession(other, u.token)) !== null; i++) await new Promise((r) => setTimeout(r, 50))
  expect(await auth.resolveSession(other, u.token)).toBeNull()
})

it('a lookup that read the session just before sign-out cannot put it back in the cache', async () => {
  const u = await t.user()
  const tokenHash = sha256Hex(u.token)
  const viewer = await auth.resolveSession(t.app.deps, u.token)
  await u.api.auth.signOut()
  // The slow lookup now writes what it read before the revocation.
  await t.app.deps.sessionCache.fill(tokenHash, viewer!, 60)
  expect(await t.app.deps.sessionCache.get(tokenHash)).toBe('revoked')
  expect(await auth.resolveSession(t.app.deps, u.token)).toBeNull()
})
