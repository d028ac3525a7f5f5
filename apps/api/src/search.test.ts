// search.users, search.tags and search.posts as a person uses them: ranking, filters, languages, paging.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

const photo = readFileSync(path.join(FIXTURES, 'swiss.png'))
const formOf = (fields: Record<string, string | string[]> = {}) => {
  const f = new FormData()
  f.append('files', new File([photo], 'swiss.png'))
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) f.append(k, one)
  return f
}

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

type Person = Awaited<ReturnType<TestApp['user']>>
const followedBy = async (who: Person, n: number) => {
  for (let i = 0; i < n; i++) await (await t.user()).api.user.follow({ username: who.username })
}
/** Moves a post back in time (the test's clock): ranking blends relevance with age. */
const ageHours = (postId: string, hours: number) =>
  t.app.engines.db.db.execute(sql`update posts set created_at = created_at - make_interval(hours => ${hours}) where id = ${postId}`)

describe('search.users', () => {
  it('puts the exact username first, then prefixes (most followed first), then look-alikes', async () => {
    const exact = await t.user('mila')
    const popular = await t.user('mila_photos')
    const byName = await t.user('dp.user')
    await byName.api.user.update({ displayName: 'Milagros Díaz' })
    const quiet = await t.user('milan.walks')
    const typo = await t.user('milla_k')
    const word = await t.user('anna.b')
    await word.api.user.update({ displayName: 'Anna Mila Berg' })
    await followedBy(popular, 2)
    await followedBy(byName, 1)

    const anon = await t.caller()
    const found = await anon.search.users({ q: 'mila' })
    expect(found.map((u) => u.username)).toEqual([exact, popular, byName, quiet, word, typo].map((u) => u.username))
    expect(found[2]).toMatchObject({ displayName: 'Milagros Díaz', avatarUrl: null })

    // What people type: an @, capitals.
    expect((await anon.search.users({ q: '@MILA', limit: 1 })).map((u) => u.username)).toEqual(['mila'])
    expect((await anon.search.users({ q: 'milan' }))[0]?.username).toBe('milan.walks')
  })

  it('breaks ties between equally good matches by follower count', async () => {
    const a = await t.user('tiebreak_a')
    const b = await t.user('tiebreak_b')
    const c = await t.user('tiebreak_c')
    await followedBy(c, 2)
    await followedBy(a, 1)
    const found = await (await t.caller()).search.users({ q: 'tieb' })
    expect(found.map((u) => u.username)).toEqual([c, a, b].map((u) => u.username))
  })

  it('finds nobody for text no name is like, and refuses empty or too long queries', async () => {
    const anon = await t.caller()
    expect(await anon.search.users({ q: 'zzqxv' })).toEqual([])
    expect(await anon.search.users({ q: '%' })).toEqual([])
    await expect(anon.search.users({ q: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(anon.search.users({ q: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})

describe('search.tags', () => {
  it('lists tags by prefix with their post counts, most used first', async () => {
    const u = await t.user()
    for (const tags of ['sunrise', 'sunrise,sundae', 'sunrise', 'sundae', 'sunset']) await u.api.post.create(formOf({ tags }))
    const anon = await t.caller()
    expect(await anon.search.tags({ q: 'sun' })).toEqual([
      { tag: 'sunrise', posts: 3 },
      { tag: 'sundae', posts: 2 },
      { tag: 'sunset', posts: 1 },
    ])
    expect(await anon.search.tags({ q: '#SUNS' })).toEqual([{ tag: 'sunset', posts: 1 }])
    expect(await anon.search.tags({ q: 'sun', limit: 1 })).toEqual([{ tag: 'sunrise', posts: 3 }])
    expect(await anon.search.tags({ q: 'sun%' })).toEqual([])
  })
})

describe('search.posts', () => {
  it('matches words in the caption, the tags, the location name and the alt text', async () => {
    const u = await t.user()
    const caption = await u.api.post.create(formOf({ caption: 'Morning at the harbour' }))
    const tag = await u.api.post.create(formOf({ tags: 'harbour' }))
    const place = await u.api.post.create(formOf({ location: JSON.stringify({ name: 'Harbour Café', lat: 1, lng: 2 }) }))
    const alt = await u.api.post.create(formOf({ alt: 'A crane on the harbour' }))
    await u.api.post.create(formOf({ caption: 'Nothing to see' }))
    const found = await (await t.caller()).search.posts({ q: 'harbour' })
    expect(found.items.map((p) => p.id).sort()).toEqual([caption, tag, place, alt].map((p) => p.id).sort())
    // Accents are optional, words are whole words, every word must match.
    expect((await u.api.search.posts({ q: 'cafe' })).items.map((p) => p.id)).toEqual([place.id])
    expect((await u.api.search.posts({ q: 'CAFÉ harbour' })).items.map((p) => p.id)).toEqual([place.id])
    expect((await u.api.search.posts({ q: 'harb' })).items).toEqual([])
  })

  it('finds captions in other languages as they are written', async () => {
    const u = await t.user()
    const captions = {
      es: 'Atardecer en la playa de Cádiz con mis amigos',
      de: 'Spaziergang über die Brücke in München',
      ja: '東京 タワー の 夜景',
      ru: 'Прогулка по вечерней Москве',
      fr: 'Un café près de la Seine à Paris',
    }
    const ids: Record<string, string> = {}
    for (const [lang, caption] of Object.entries(captions)) ids[lang] = (await u.api.post.create(formOf({ caption }))).id
    const only = async (q: string) => (await u.api.search.posts({ q })).items.map((p) => p.id)
    expect(await only('atardecer playa')).toEqual([ids.es])
    expect(await only('Cadiz')).toEqual([ids.es])
    expect(await only('brücke münchen')).toEqual([ids.de])
    expect(await only('uber munchen')).toEqual([ids.de])
    expect(await only('夜景')).toEqual([ids.ja])
    expect(await only('москве')).toEqual([ids.ru])
    expect(await only('près seine')).toEqual([ids.fr])
  })

  it('blends relevance with recency: a strong match of two hours ago beats a weak one just posted, but not a strong one ten days old', async () => {
    const u = await t.user()
    const strongOld = await u.api.post.create(formOf({ caption: 'lighthouse at dusk' }))
    const strongRecent = await u.api.post.create(formOf({ caption: 'lighthouse keeper' }))
    const weakNew = await u.api.post.create(formOf({ caption: 'A walk', alt: 'a lighthouse far away' }))
    await ageHours(strongOld.id, 240)
    await ageHours(strongRecent.id, 2)
    const found = await u.api.search.posts({ q: 'lighthouse' })
    expect(found.items.map((p) => p.id)).toEqual([strongRecent.id, weakNew.id, strongOld.id])
  })

  it('gives the same answer when a common word is found by walking the newest posts', async () => {
    const u = await t.user()
    const made: string[] = []
    for (let i = 0; i < 6; i++) made.push((await u.api.post.create(formOf({ caption: `commonword ${i % 2 ? 'odd' : 'even'}` }))).id)
    // Statistics now say the word is in a large share of posts: it is walked for, not looked up.
    await t.app.engines.db.db.execute(sql`analyze posts`)
    expect((await u.api.search.posts({ q: 'commonword', limit: 50 })).items.map((p) => p.id).sort()).toEqual([...made].sort())
    // Two common words that never meet: the walk finds too few, and the index answers.
    expect(await u.api.search.posts({ q: 'commonword kayak' })).toEqual({ items: [], nextCursor: null })
    expect((await u.api.search.posts({ q: 'commonword odd' })).items).toHaveLength(3)
    // Enough of them that the walk alone answers: the newest first (equal relevance).
    await t.app.engines.db.db.execute(sql`insert into posts (id, author_id, caption, created_at, updated_at, search)
      select gen_random_uuid(), ${u.id}, 'walkword ' || i, now() - i * interval '1 second', now(), post_search_document('walkword ' || i, null, null, null)
      from generate_series(1, 400) i`)
    await t.app.engines.db.db.execute(sql`analyze posts`)
    const walked = await u.api.search.posts({ q: 'walkword', limit: 50 })
    expect(walked.items.map((p) => p.caption)).toEqual(Array.from({ length: 50 }, (_, i) => `walkword ${i + 1}`))
  })

  it('filters by #tag and from:me, with words or alone', async () => {
    const me = await t.user()
    const other = await t.user()
    const mineTagged = await me.api.post.create(formOf({ caption: 'kayak trip #paddle' }))
    const mine = await me.api.post.create(formOf({ caption: 'kayak lesson' }))
    const theirsTagged = await other.api.post.create(formOf({ caption: 'kayak race', tags: 'paddle' }))
    const theirsTaggedOnly = await other.api.post.create(formOf({ caption: 'river day #paddle #summer' }))
    const ids = async (q: string) => (await me.api.search.posts({ q })).items.map((p) => p.id)

    expect((await ids('kayak from:me')).sort()).toEqual([mineTagged.id, mine.id].sort())
    expect(await ids('from:me')).toEqual([mine.id, mineTagged.id]) // newest first when no words rank
    expect((await ids('#paddle kayak')).sort()).toEqual([mineTagged.id, theirsTagged.id].sort())
    expect(await ids('#Paddle')).toEqual([theirsTaggedOnly.id, theirsTagged.id, mineTagged.id])
    expect(await ids('#paddle #summer')).toEqual([theirsTaggedOnly.id])
    expect(await ids('#paddle from:me')).toEqual([mineTagged.id])
    expect(await ids('#nosuchtag')).toEqual([])
    await expect((await t.caller()).search.posts({ q: 'kayak from:me' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('walks pages without repeats or gaps while matching posts are added', async () => {
    const u = await t.user()
    const made: string[] = []
    for (let i = 0; i < 7; i++) made.push((await u.api.post.create(formOf({ caption: `pagewalk number ${i}${i % 2 ? ' pagewalk' : ''}` }))).id)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await u.api.search.posts({ q: 'pagewalk', limit: 3, cursor })
      seen.push(...page.items.map((p) => p.id))
      cursor = page.nextCursor
      await u.api.post.create(formOf({ caption: 'pagewalk meanwhile' }))
    } while (cursor)
    expect(seen).toHaveLength(7)
    expect([...seen].sort()).toEqual([...made].sort())
    // A fresh search sees the new ones.
    expect((await u.api.search.posts({ q: 'pagewalk meanwhile', limit: 50 })).items).toHaveLength(3)
  })

  it('follows edits of the caption and the alt text, and forgets deleted posts', async () => {
    const u = await t.user()
    const post = await u.api.post.create(formOf({ caption: 'first draft' }))
    await u.api.post.update({ id: post.id, caption: 'final words #edited', alt: ['a kestrel'] })
    const ids = async (q: string) => (await u.api.search.posts({ q })).items.map((p) => p.id)
    expect(await ids('draft')).toEqual([])
    expect(await ids('final')).toEqual([post.id])
    expect(await ids('edited')).toEqual([post.id])
    expect(await ids('kestrel')).toEqual([post.id])
    await u.api.post.delete({ id: post.id })
    expect(await ids('kestrel')).toEqual([])
  })

  it('answers bad input with BAD_REQUEST and an empty search with nothing', async () => {
    const u = await t.user()
    for (let i = 0; i < 3; i++) await u.api.post.create(formOf({ caption: 'badinput' }))
    const page = await u.api.search.posts({ q: 'badinput', limit: 1 })
    expect(page.nextCursor).not.toBeNull()
    await expect(u.api.search.posts({ q: 'badinput', cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(u.api.search.posts({ q: 'something else', cursor: page.nextCursor })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(u.api.search.posts({ q: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(u.api.search.posts({ q: 'badinput', limit: 51 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect(await u.api.search.posts({ q: '!!! ...' })).toEqual({ items: [], nextCursor: null })
  })
})
