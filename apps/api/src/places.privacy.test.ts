// Places and privacy, from the outside: what each kind of viewer finds at a place where a public and
// a private account posted, and at a place only the private account used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { postAt } from './testing/places.ts'
import { ROLES, type Role, viewersOf } from './testing/viewers.ts'


let t: TestApp
let tokens = {} as Record<Role, string | undefined>
let publicPost = ''
let privatePost = ''
let secretPost = ''

const SHARED = { name: 'Shared Spot', lat: 40.01, lng: -3.0 }
const SECRET = { name: 'Secret Garden', lat: 40.02, lng: -3.0 } // ~1.1 km north of the shared spot

beforeAll(async () => {
  t = await startTestApp()
  const owner = await t.user('places.owner', { isPrivate: true })
  const other = await t.user('places.public')
  tokens = await viewersOf(t, 'places', owner, { isPrivate: true, alsoBlocked: [other] })
  publicPost = (await postAt(other.api, SHARED)).id
  privatePost = (await postAt(owner.api, { ...SHARED, name: 'shared spot' })).id
  secretPost = (await postAt(owner.api, SECRET)).id
})
afterAll(() => t.close())

// What each viewer may see: the private account's posts reach only itself and its approved
// follower; the public account's reach everyone but the accounts in a block with it.
const seesPrivate = (role: Role) => role === 'owner' || role === 'follower'
const seesPublic = (role: Role) => role !== 'blocked' && role !== 'blocker'
const expectedShared = (role: Role) => [...(seesPrivate(role) ? [privatePost] : []), ...(seesPublic(role) ? [publicPost] : [])]

describe.each(ROLES)('seen by %s', (role) => {
  const api = () => t.caller(tokens[role])

  it('location.posts lists only the posts this viewer may see, by name and by radius', async () => {
    const byName = await (await api()).location.posts({ name: 'SHARED SPOT' })
    expect(byName.items.map((p) => p.id)).toEqual(expectedShared(role))
    const wide = await (await api()).location.posts({ lat: 40.015, lng: -3.0, radiusKm: 5 })
    expect(wide.items.map((p) => p.id)).toEqual([...(seesPrivate(role) ? [secretPost] : []), ...expectedShared(role)])
    const secret = await (await api()).location.posts({ name: 'Secret Garden' })
    expect(secret.items.map((p) => p.id)).toEqual(seesPrivate(role) ? [secretPost] : [])
  })

  it('location.summary counts only what this viewer may see, and a place with nothing to see is NOT_FOUND', async () => {
    const shared = (await api()).location.summary({ name: 'Shared Spot' })
    const n = expectedShared(role).length
    if (n === 0) await expect(shared).rejects.toMatchObject({ code: 'NOT_FOUND' })
    else expect((await shared).posts).toBe(n)
    const secret = (await api()).location.summary({ lat: SECRET.lat, lng: SECRET.lng, radiusKm: 0.3 })
    if (seesPrivate(role)) expect(await secret).toEqual({ name: 'Secret Garden', lat: 40.02, lng: -3, posts: 1 })
    else await expect(secret).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('location.suggest offers a place only when this viewer may see a post there', async () => {
    const names = async (q: string) => (await (await api()).location.suggest({ q })).map((s) => `${s.name}:${s.posts}`)
    expect(await names('secret')).toEqual(seesPrivate(role) ? ['Secret Garden:1'] : [])
    const n = expectedShared(role).length
    expect(await names('shared')).toEqual(n ? [`Shared Spot:${n}`] : [])
  })
})
