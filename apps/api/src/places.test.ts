// Places: one place per name and rounded position, radius queries, paging, counts and bad input.
import { rows, sql } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { postAt } from './testing/places.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const db = () => t.app.deps.db
const placeRows = (key: string) =>
  rows<{ name: string; lat: number | null; lng: number | null; post_count: number }>(
    db(),
    sql`select name, lat, lng, post_count from places where name_key = ${key} order by lat nulls last`,
  )

describe('a place', () => {
  it('is one place when the same café is typed twice with other case, spacing and a few metres apart', async () => {
    const a = await t.user()
    const b = await t.user()
    // 48.85649 and 48.85651 round to different 3-decimal cells: the second post snaps to the first place.
    const first = await postAt(a.api, { name: 'Café Lumière', lat: 48.85649, lng: 2.3522 })
    await postAt(b.api, { name: '  café   Lumière ', lat: 48.85651, lng: 2.35221 })
    expect(first.location).toEqual({ name: 'Café Lumière', lat: 48.85649, lng: 2.3522 })
    expect(await placeRows('café lumière')).toEqual([{ name: 'Café Lumière', lat: 48.856, lng: 2.352, post_count: 2 }])
    expect(await a.api.location.summary({ name: 'CAFé LUMIÈRE' })).toEqual({ name: 'Café Lumière', lat: 48.856, lng: 2.352, posts: 2 })
    expect(await a.api.location.summary({ lat: 48.8565, lng: 2.3522 })).toMatchObject({ name: 'Café Lumière', posts: 2 })
    expect(await a.api.location.suggest({ q: 'café l' })).toEqual([{ name: 'Café Lumière', lat: 48.856, lng: 2.352, posts: 2 }])
  })

  it('is known by name alone without coordinates, and never found by a radius', async () => {
    const a = await t.user()
    await postAt(a.api, { name: 'Grandma’s kitchen' })
    await postAt(a.api, { name: 'grandma’s  KITCHEN', lat: null, lng: null })
    expect(await placeRows('grandma’s kitchen')).toEqual([{ name: 'Grandma’s kitchen', lat: null, lng: null, post_count: 2 }])
    expect(await a.api.location.summary({ name: 'Grandma’s Kitchen' })).toEqual({ name: 'Grandma’s kitchen', lat: null, lng: null, posts: 2 })
    expect((await a.api.location.posts({ name: 'grandma’s kitchen' })).items).toHaveLength(2)
  })

  it('keeps its count right when posts are deleted, and is NOT_FOUND once none is left', async () => {
    const a = await t.user()
    const one = await postAt(a.api, { name: 'Old Pier', lat: 10.5, lng: 10.5 })
    const two = await postAt(a.api, { name: 'old pier', lat: 10.5, lng: 10.5 })
    expect((await a.api.location.summary({ name: 'Old Pier' })).posts).toBe(2)
    await a.api.post.delete({ id: one.id })
    expect((await a.api.location.summary({ name: 'Old Pier' })).posts).toBe(1)
    expect((await placeRows('old pier'))[0]?.post_count).toBe(1)
    await a.api.post.delete({ id: two.id })
    await expect(a.api.location.summary({ name: 'Old Pier' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await placeRows('old pier'))[0]?.post_count).toBe(0)
    expect(await a.api.location.suggest({ q: 'old pier' })).toEqual([])
  })
})

describe('location.posts by radius', () => {
  it('finds the posts near a point and not those farther away', async () => {
    const a = await t.user()
    const cafe = await postAt(a.api, { name: 'Radius Café', lat: 20.0, lng: 30.0 })
    const park = await postAt(a.api, { name: 'Radius Park', lat: 20.015, lng: 30.0 }) // ~1.7 km north
    const far = await postAt(a.api, { name: 'Radius Far', lat: 20.4, lng: 30.0 }) // ~44 km north
    const ids = async (radiusKm: number) => (await a.api.location.posts({ lat: 20.0, lng: 30.0, radiusKm })).items.map((p) => p.id)
    expect(await ids(1)).toEqual([cafe.id])
    expect(await ids(5)).toEqual([park.id, cafe.id])
    expect(await ids(50)).toEqual([far.id, park.id, cafe.id])
    expect(await ids(40)).toEqual([park.id, cafe.id])
    expect(await a.api.location.summary({ lat: 20.0, lng: 30.0, radiusKm: 5 })).toEqual({ name: 'Radius Café', lat: 20, lng: 30, posts: 2 })
  })

  it('finds a place across the antimeridian and near a geohash cell edge', async () => {
    const a = await t.user()
    const east = await postAt(a.api, { name: 'Dateline East', lat: -16.8, lng: 179.9995 })
    const west = await postAt(a.api, { name: 'Dateline West', lat: -16.8, lng: -179.9995 })
    const near = (await a.api.location.posts({ lat: -16.8, lng: -179.9999, radiusKm: 1 })).items.map((p) => p.id)
    expect(near).toEqual([west.id, east.id])
    // 0,0 is the corner of four top-level geohash cells.
    const corner = await postAt(a.api, { name: 'Null Island', lat: -0.0004, lng: -0.0004 })
    expect((await a.api.location.posts({ lat: 0.0004, lng: 0.0004, radiusKm: 0.5 })).items.map((p) => p.id)).toEqual([corner.id])
  })

  it('walks pages without repeats or gaps while posts are added', async () => {
    const a = await t.user()
    const made: string[] = []
    for (let i = 0; i < 5; i++) made.unshift((await postAt(a.api, { name: i % 2 ? 'Paging A' : 'Paging B', lat: -30 + i * 0.001, lng: 60 })).id)
    const seen: string[] = []
    let cursor: string | null = null
    let added = false
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await a.api.location.posts({ lat: -30, lng: 60, radiusKm: 2, limit: 2, cursor })
      seen.push(...page.items.map((p) => p.id))
      cursor = page.nextCursor
      if (!added) {
        added = true
        await postAt(a.api, { name: 'Paging A', lat: -30.001, lng: 60 })
      }
    } while (cursor)
    expect(seen).toEqual(made)
  })
})

describe('bad input', () => {
  it('answers BAD_REQUEST and changes nothing', async () => {
    const a = await t.user()
    const bad = [
      () => a.api.location.posts({ lat: 91, lng: 0, radiusKm: 1 }),
      () => a.api.location.posts({ lat: 0, lng: -181, radiusKm: 1 }),
      () => a.api.location.posts({ lat: 0, lng: 0, radiusKm: 51 }),
      () => a.api.location.posts({ lat: 0, lng: 0, radiusKm: 0 }),
      () => a.api.location.posts({ name: 'x', cursor: 'not-a-cursor' }),
      () => a.api.location.posts({ name: 'x', cursor: Buffer.from(JSON.stringify(['yesterday', 'nope'])).toString('base64url') }),
      () => a.api.location.posts({ name: 'x'.repeat(101) }),
      () => a.api.location.posts({ name: '   ' }),
      () => a.api.location.summary({ lat: -91, lng: 0 }),
      () => a.api.location.suggest({ q: '' }),
      () => a.api.tag.summary({ tag: 'not a tag!' }),
    ]
    for (const call of bad) await expect(call()).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    const [before] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from places`)
    await expect(postAt(a.api, { name: 'Nowhere', lat: 95, lng: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    const [after] = await rows<{ n: number }>(db(), sql`select count(*)::int as n from places`)
    expect(after).toEqual(before)
    await expect(a.api.location.summary({ name: 'A place nobody used' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await a.api.location.posts({ name: 'A place nobody used' })).toEqual({ items: [], nextCursor: null })
  })
})

describe('tag.summary', () => {
  it('counts a tag’s posts and is NOT_FOUND for an unknown or emptied tag', async () => {
    const a = await t.user()
    const one = await postAt(a.api, null, { caption: 'first #SummaryTag' })
    await postAt(a.api, null, { tags: 'summarytag' })
    expect(await a.api.tag.summary({ tag: '#summarytag' })).toEqual({ tag: 'summarytag', posts: 2 })
    await a.api.post.delete({ id: one.id })
    expect(await (await t.caller()).tag.summary({ tag: 'SummaryTag' })).toEqual({ tag: 'summarytag', posts: 1 })
    await expect(a.api.tag.summary({ tag: 'neverusedtag' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('the migration’s backfill', () => {
  it('gives posts written with location columns their places, which new posts then join', async () => {
    const a = await t.user()
    for (const [name, lat, lng] of [['Old Mill', 51.5, -0.12], ['old  mill ', 51.50001, -0.12001], ['Old Mill', null, null]] as const) {
      await db().execute(sql`insert into posts (id, author_id, caption, location_name, location_lat, location_lng)
        values (gen_random_uuid(), ${a.id}, 'imported', ${name}, ${lat}, ${lng})`)
    }
    await db().execute(sql`select mosaic_backfill_places()`)
    await db().execute(sql`select mosaic_backfill_places()`) // idempotent
    expect(await placeRows('old mill')).toEqual([
      { name: expect.stringMatching(/^old mill$/i), lat: 51.5, lng: -0.12, post_count: 2 },
      { name: 'Old Mill', lat: null, lng: null, post_count: 1 },
    ])
    await postAt(a.api, { name: 'OLD MILL', lat: 51.50004, lng: -0.12003 })
    expect((await placeRows('old mill')).map((p) => p.post_count)).toEqual([3, 1])
    expect((await a.api.location.summary({ name: 'old mill' })).posts).toBe(4)
  })

  it('encodes standard geohashes', async () => {
    const [g] = await rows<{ a: string; b: string }>(db(), sql`select mosaic_geohash(42.6, -5.6, 5) as a, mosaic_geohash(57.64911, 10.40744, 11) as b`)
    expect(g).toEqual({ a: 'ezs42', b: 'u4pruydqqvj' })
  })
})
