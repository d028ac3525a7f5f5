// The privacy rules of API.md, checked from the outside over HTTP: for each read procedure, each
// kind of viewer, and a public and a private account.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, httpClient, startTestApp, type TestApp } from './testing/harness.ts'
import { type Role, viewersOf } from './testing/viewers.ts'

type Outcome = 'OK' | 'NOT_FOUND' | 'FORBIDDEN'

let t: TestApp
let base: string
const accounts: Record<'public' | 'private', { username: string; postId: string; commentId: string; tokens: Record<Role, string | undefined> }> = {} as never

beforeAll(async () => {
  t = await startTestApp()
  base = await t.listen()
  for (const kind of ['public', 'private'] as const) {
    const owner = await t.user(`${kind}.owner`)
    const commenter = await t.user(`${kind}.commenter`)
    const form = new FormData()
    // Different bytes per account: identical content posted publicly elsewhere is public by its address.
    const photo = kind === 'public' ? 'flowers.jpeg' : 'Landscape_9.jpg'
    form.append('files', new File([readFileSync(path.join(FIXTURES, photo))], photo))
    form.append('caption', `${kind} post`)
    const post = await owner.api.post.create(form)
    const comment = await commenter.api.comment.add({ postId: post.id, text: 'nice' })
    await commenter.api.post.like({ id: post.id })
    if (kind === 'private') await owner.api.user.update({ isPrivate: true })
    const tokens = await viewersOf(t, kind, owner, { isPrivate: kind === 'private' })
    accounts[kind] = { username: owner.username, postId: post.id, commentId: comment.id, tokens }
  }
})
afterAll(() => t.close())

const reads = {
  'user.byUsername': (a: (typeof accounts)['public']) => ({ username: a.username }),
  'post.byUser': (a: (typeof accounts)['public']) => ({ username: a.username }),
  'post.byId': (a: (typeof accounts)['public']) => ({ id: a.postId }),
  'post.likers': (a: (typeof accounts)['public']) => ({ id: a.postId }),
  'comment.list': (a: (typeof accounts)['public']) => ({ postId: a.postId }),
  'comment.replies': (a: (typeof accounts)['public']) => ({ commentId: a.commentId }),
  'user.followers': (a: (typeof accounts)['public']) => ({ username: a.username }),
  'user.following': (a: (typeof accounts)['public']) => ({ username: a.username }),
} as const
type Read = keyof typeof reads

const all = (o: Outcome): Record<Read, Outcome> => Object.fromEntries(Object.keys(reads).map((k) => [k, o])) as Record<Read, Outcome>
const hidden: Record<Read, Outcome> = { ...all('NOT_FOUND'), 'post.byUser': 'FORBIDDEN', 'user.followers': 'FORBIDDEN', 'user.following': 'FORBIDDEN', 'user.byUsername': 'OK' }
const blockerView: Record<Read, Outcome> = { ...all('NOT_FOUND'), 'user.byUsername': 'OK' }

const expected: Record<'public' | 'private', Record<Role, Record<Read, Outcome>>> = {
  public: { anonymous: all('OK'), stranger: all('OK'), pending: all('OK'), follower: all('OK'), blocked: all('NOT_FOUND'), blocker: blockerView, owner: all('OK') },
  private: { anonymous: hidden, stranger: hidden, pending: hidden, follower: all('OK'), blocked: all('NOT_FOUND'), blocker: blockerView, owner: all('OK') },
}

describe.each(['public', 'private'] as const)('a %s account', (kind) => {
  describe.each(Object.keys(expected[kind]) as Role[])('seen by %s', (role) => {
    it.each(Object.keys(reads) as Read[])('%s answers as API.md says', async (proc) => {
      const a = accounts[kind]
      const res = await httpClient(base, a.tokens[role]).query(proc, reads[proc](a))
      const outcome = res.body.error ? res.body.error.data.code : 'OK'
      expect(outcome).toBe(expected[kind][role][proc])
    })

    it('gets media bytes only when allowed', async () => {
      const a = accounts[kind]
      const owner = await httpClient(base, a.tokens.owner).query('post.byId', { id: a.postId })
      const url = (owner.body.result!.data as { media: { urls: { small: string } }[] }).media[0]!.urls.small
      const unsigned = url.split('?')[0]!
      const res = await httpClient(base, a.tokens[role]).get(unsigned)
      expect(res.status).toBe(kind === 'public' ? 200 : 403) // even the owner: private bytes need a signature
      if (expected[kind][role]['post.byId'] === 'OK') {
        const own = await httpClient(base, a.tokens[role]).query('post.byId', { id: a.postId })
        const theirUrl = (own.body.result!.data as { media: { urls: { small: string } }[] }).media[0]!.urls.small
        expect((await httpClient(base).get(theirUrl)).status).toBe(200)
      }
    })
  })
})

describe('blocks from both sides', () => {
  it('neither side can follow, like or comment on the other, and the blocker sees blocked:true', async () => {
    const a = accounts.public
    for (const role of ['blocked', 'blocker'] as const) {
      const api = await t.caller(a.tokens[role])
      await expect(api.user.follow({ username: a.username })).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) })
      await expect(api.post.like({ id: a.postId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
      await expect(api.comment.add({ postId: a.postId, text: 'hi' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
    const blocker = await t.caller(a.tokens.blocker)
    expect((await blocker.user.byUsername({ username: a.username })).viewer).toMatchObject({ blocked: true, follow: 'none' })
    const owner = await t.caller(a.tokens.owner)
    await expect(owner.user.follow({ username: 'public.blocked' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(owner.user.follow({ username: 'public.blocker' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
