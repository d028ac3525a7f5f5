// When Postgres stops answering, every HTTP path answers 503 with Retry-After (not 500), and the
// app recovers by itself when Postgres is back. Runs its own Postgres: never the shared one.
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrivatePostgres, Sandbox } from './testing/engines.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'

let pg: PrivatePostgres
let t: TestApp
let base: string
let token: string
let username: string
beforeAll(async () => {
  pg = await PrivatePostgres.create(new Sandbox({ prefix: 'mosaic-db-down' }))
  t = await startTestApp({ env: { DATABASE_URL: pg.url } })
  base = await t.listen()
  const u = await t.user()
  token = u.token
  username = u.username
})
afterAll(async () => {
  // The app's pool may still be reconnecting: stop Postgres last.
  await t?.close()
  pg?.sandbox.destroySync()
})

const auth = () => ({ authorization: `Bearer ${token}` })
const get = (path: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers })
const mutate = (path: string, input: unknown) =>
  fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify(input) })
const upload = async () => {
  const f = new FormData()
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#36c' } }).jpeg().toBuffer()
  f.append('files', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'blue.jpg')
  return fetch(`${base}/trpc/post.create`, { method: 'POST', headers: auth(), body: f })
}

async function expectUnavailable(res: Response) {
  const body = (await res.json()) as { error?: { data: { code: string } } }
  expect(res.status, JSON.stringify(body)).toBe(503)
  expect(body.error?.data.code).toBe('SERVICE_UNAVAILABLE')
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
}

describe('Postgres down', () => {
  it('answers 503 with Retry-After on the GET fast path, the adapter and the upload route, then recovers without a restart', async () => {
    expect((await get('auth.me', undefined, auth())).status).toBe(200)
    await pg.stop()
    try {
      await expectUnavailable(await get('auth.me', undefined, auth())) // the session lookup (context)
      await expectUnavailable(await get('user.byUsername', { username })) // inside a procedure, anonymous
      await expectUnavailable(await mutate('user.update', { bio: 'while down' })) // the adapter
      await expectUnavailable(await upload()) // the streaming upload route
      const batch = await fetch(`${base}/trpc/auth.me,user.byUsername?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: { username } }))}`, { headers: auth() })
      expect(batch.status).toBe(503)
      expect(batch.headers.get('retry-after')).toBeTruthy()
    } finally {
      await pg.start()
    }
    const me = await get('auth.me', undefined, auth())
    expect(me.status).toBe(200)
    expect(((await me.json()) as { result: { data: { username: string } } }).result.data.username).toBe(username)
    expect((await mutate('user.update', { bio: 'back' })).status).toBe(200)
    expect((await upload()).status).toBe(200)
  })
})
