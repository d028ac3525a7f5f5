// The places procedures on the embedded engine (PGlite) that a fresh `pnpm start` uses: the same
// migration (plpgsql geohash, NFKC keys, NULLS NOT DISTINCT, text_pattern_ops ranges) and queries.
import { rows, sql } from '@mosaic/db'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { postAt } from './testing/places.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ embedded: true })
}, 120_000)
afterAll(() => t.close())

it('runs location.posts, location.summary, location.suggest and tag.summary on PGlite', async () => {
  expect(t.app.engines.db.kind).toBe('pglite')
  const a = await t.user('embedded.places')
  const b = await t.user('embedded.private', { isPrivate: true })
  const first = await postAt(a.api, { name: 'Café Lumière', lat: 48.85649, lng: 2.3522 }, { caption: 'hello #paris' })
  const second = await postAt(a.api, { name: ' CAFÉ  lumière', lat: 48.85651, lng: 2.35221 }, { caption: '#Paris again' })
  const far = await postAt(a.api, { name: 'Bellecour', lat: 45.7578, lng: 4.832 })
  await postAt(b.api, { name: 'Private Yard', lat: 48.857, lng: 2.353 })

  const anon = await t.caller()
  expect(await anon.location.summary({ name: 'café lumière' })).toEqual({ name: 'Café Lumière', lat: 48.856, lng: 2.352, posts: 2 })
  const page1 = await anon.location.posts({ lat: 48.8566, lng: 2.3522, radiusKm: 2, limit: 1 })
  const page2 = await anon.location.posts({ lat: 48.8566, lng: 2.3522, radiusKm: 2, limit: 1, cursor: page1.nextCursor })
  expect([...page1.items, ...page2.items].map((p) => p.id)).toEqual([second.id, first.id])
  expect(page2.nextCursor).toBeNull()
  expect((await anon.location.posts({ lat: 45.76, lng: 4.83, radiusKm: 50 })).items.map((p) => p.id)).toEqual([far.id])
  expect(await anon.location.suggest({ q: 'ca' })).toEqual([{ name: 'Café Lumière', lat: 48.856, lng: 2.352, posts: 2 }])
  expect(await anon.location.suggest({ q: 'private' })).toEqual([])
  await expect(anon.location.summary({ name: 'Private Yard' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  expect((await b.api.location.summary({ name: 'private yard' })).posts).toBe(1)
  expect(await anon.tag.summary({ tag: 'paris' })).toEqual({ tag: 'paris', posts: 2 })
  await expect(anon.location.posts({ name: 'x', cursor: 'garbage' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })

  const [g] = await rows<{ hash: string }>(t.app.deps.db, sql`select mosaic_geohash(57.64911, 10.40744, 11) as hash`)
  expect(g?.hash).toBe('u4pruydqqvj')
  await t.app.deps.db.execute(sql`select mosaic_backfill_places()`)
  expect((await anon.location.summary({ name: 'Café Lumière' })).posts).toBe(2)
})
