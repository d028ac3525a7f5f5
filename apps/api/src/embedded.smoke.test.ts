// The same flows on the embedded engine (PGlite) that a fresh `pnpm start` uses.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ embedded: true })
}, 120_000)
afterAll(() => t.close())

it('signs up, signs in, edits a profile and signs out on PGlite', async () => {
  expect(t.app.engines.db.kind).toBe('pglite')
  const u = await t.user('embedded.user')
  await expect((await t.caller()).auth.signUp({ username: 'EMBEDDED.USER', email: 'x@example.test', password: 'long enough' })).rejects.toMatchObject({
    code: 'CONFLICT',
  })
  const signedIn = await (await t.caller()).auth.signIn({ login: 'embedded.user', password: 'correct horse battery' })
  expect(signedIn.user.id).toBe(u.id)
  const profile = await u.api.user.update({ bio: 'on PGlite', isPrivate: true })
  expect(profile).toMatchObject({ bio: 'on PGlite', isPrivate: true })
  await u.api.auth.signOut()
  await expect((await t.caller(u.token)).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  const ready = await t.app.server.inject({ url: '/readyz' })
  expect(ready.json()).toEqual({ ready: true, engines: { pglite: 'up', storage: 'up' } })
})
