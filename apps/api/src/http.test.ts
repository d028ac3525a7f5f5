import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) })

describe('HTTP surface', () => {
  it('sets an httpOnly SameSite=Lax cookie on sign-up that authenticates later requests', async () => {
    const res = await post('/trpc/auth.signUp', { username: 'cookie.user', email: 'cookie@example.test', password: 'long enough pw' })
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'mosaic_session')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    const me = await t.app.server.inject({ url: '/trpc/auth.me', cookies: { mosaic_session: cookie!.value } })
    expect(me.json().result.data.username).toBe('cookie.user')

    const bearer = await t.app.server.inject({ url: '/trpc/auth.me', headers: { authorization: `Bearer ${res.json().result.data.token}` } })
    expect(bearer.json().result.data.username).toBe('cookie.user')
  })

  it('clears a stale cookie and answers as signed out', async () => {
    const me = await t.app.server.inject({ url: '/trpc/auth.me', cookies: { mosaic_session: 'stale' } })
    expect(me.statusCode).toBe(200)
    expect(me.json().result.data).toBeNull()
    expect(me.cookies.find((c) => c.name === 'mosaic_session')?.value).toBe('')
  })

  it('answers malformed JSON and wrong types with BAD_REQUEST', async () => {
    const bad = await post('/trpc/auth.signUp', '{"username": ')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.data.code).toBe('BAD_REQUEST')
    const wrongType = await post('/trpc/auth.signIn', { login: 42, password: ['x'] })
    expect(wrongType.statusCode).toBe(400)
    expect(wrongType.json().error.data.fieldErrors).toHaveProperty('login')
  })

  it('refuses oversized JSON bodies', async () => {
    const res = await post('/trpc/auth.signIn', { login: 'x', password: 'y'.repeat(2 * 1024 * 1024) })
    expect(res.statusCode).toBe(413)
  })

  it('says Retry-After when sign-in is rate limited', async () => {
    // Counted per account (an unknown login counts only against the address, at a higher limit).
    await post('/trpc/auth.signUp', { username: 'victim', email: 'victim@example.test', password: 'long enough pw' })
    let last
    for (let i = 0; i < 11; i++) last = await post('/trpc/auth.signIn', { login: 'victim', password: `guess-${i}` })
    expect(last!.statusCode).toBe(429)
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('serves health, readiness and Prometheus metrics with per-procedure histograms', async () => {
    expect((await t.app.server.inject({ url: '/healthz' })).statusCode).toBe(200)
    const ready = await t.app.server.inject({ url: '/readyz' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ ready: true, engines: { postgres: 'up', storage: 'up' } })
    const metrics = await t.app.server.inject({ url: '/metrics' })
    expect(metrics.body).toMatch(/mosaic_trpc_duration_seconds_bucket\{[^}]*procedure="auth.signUp"/)
    expect(metrics.body).toMatch(/mosaic_trpc_calls_total\{procedure="auth.signIn",type="mutation",outcome="UNAUTHORIZED"\}/)
  })

  it('echoes a request id', async () => {
    const res = await t.app.server.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } })
    expect(res.headers['x-request-id']).toBe('abc-123')
  })
})
