// The same flows on the embedded engine (PGlite) that a fresh `pnpm start` uses.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

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

it('searches people, tags and posts on PGlite (pg_trgm, unaccent and full text loaded)', async () => {
  const u = await t.user('embedded.searcher')
  await u.api.user.update({ displayName: 'Zoë Searcher' })
  const form = new FormData()
  form.append('files', new File([readFileSync(path.join(FIXTURES, 'swiss.png'))], 'swiss.png'))
  form.append('caption', 'Fondue in Zürich #swissalps')
  form.append('alt', 'a red flag')
  form.append('location', JSON.stringify({ name: 'Café Odeon', lat: 47.37, lng: 8.54 }))
  const post = await u.api.post.create(form)
  const anon = await t.caller()
  expect((await anon.search.users({ q: 'embedded.s' }))[0]?.username).toBe('embedded.searcher')
  expect((await anon.search.users({ q: 'searchr' })).map((p) => p.username)).toContain('embedded.searcher')
  expect(await anon.search.tags({ q: 'swiss' })).toEqual([{ tag: 'swissalps', posts: 1 }])
  for (const q of ['zurich fondue', 'odeon cafe', 'flag', '#swissalps']) {
    expect((await anon.search.posts({ q })).items.map((p) => p.id), q).toEqual([post.id])
  }
  expect((await u.api.search.posts({ q: 'from:me' })).items.map((p) => p.id)).toEqual([post.id])
})
