// Search never shows what the viewer may not see: the privacy matrix of social.privacy.test.ts,
// asked through search.posts (words and #tag), search.users, over HTTP as any client would.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, httpClient, startTestApp, type TestApp } from './testing/harness.ts'
import { ROLES, type Role, viewersOf } from './testing/viewers.ts'


let t: TestApp
let base: string
const accounts = {} as Record<'public' | 'private', { username: string; postId: string; tokens: Record<Role, string | undefined> }>

beforeAll(async () => {
  t = await startTestApp()
  base = await t.listen()
  for (const kind of ['public', 'private'] as const) {
    const owner = await t.user(`${kind}.owner`)
    const form = new FormData()
    form.append('files', new File([readFileSync(path.join(FIXTURES, 'swiss.png'))], 'swiss.png'))
    form.append('caption', `${kind}needle in a haystack #${kind}tag`)
    const post = await owner.api.post.create(form)
    if (kind === 'private') await owner.api.user.update({ isPrivate: true })
    accounts[kind] = { username: owner.username, postId: post.id, tokens: await viewersOf(t, kind, owner, { isPrivate: kind === 'private' }) }
  }
})
afterAll(() => t.close())

const seesPost: Record<'public' | 'private', Role[]> = {
  public: ['anonymous', 'stranger', 'pending', 'follower', 'owner'],
  private: ['follower', 'owner'],
}
// A private account is findable by name (its profile says it is private); a block hides it both ways.
const findsAccount: Role[] = ['anonymous', 'stranger', 'pending', 'follower', 'owner']

async function ask<T>(token: string | undefined, proc: string, input: unknown): Promise<T> {
  const res = await httpClient(base, token).query(proc, input)
  expect(res.status, JSON.stringify(res.body.error)).toBe(200)
  return res.body.result!.data as T
}

describe.each(['public', 'private'] as const)('a %s account', (kind) => {
  describe.each(ROLES)('searched by %s', (role) => {
    const visible = () => seesPost[kind].includes(role)

    it('shows its post in word search only if this viewer may see it', async () => {
      const a = accounts[kind]
      const page = await ask<{ items: { id: string }[] }>(a.tokens[role], 'search.posts', { q: `${kind}needle haystack` })
      expect(page.items.map((p) => p.id)).toEqual(visible() ? [a.postId] : [])
    })

    it('shows its post in #tag search only if this viewer may see it', async () => {
      const a = accounts[kind]
      const page = await ask<{ items: { id: string }[] }>(a.tokens[role], 'search.posts', { q: `#${kind}tag` })
      expect(page.items.map((p) => p.id)).toEqual(visible() ? [a.postId] : [])
    })

    it('lists the account in people search unless a block stands between them', async () => {
      const a = accounts[kind]
      const people = await ask<{ username: string }[]>(a.tokens[role], 'search.users', { q: a.username })
      expect(people.map((p) => p.username).includes(a.username)).toBe(findsAccount.includes(role))
      const fuzzy = await ask<{ username: string }[]>(a.tokens[role], 'search.users', { q: `${kind}.ownr` })
      expect(fuzzy.map((p) => p.username).includes(a.username)).toBe(findsAccount.includes(role))
    })
  })
})

describe('blocks from both sides', () => {
  it('hide the blocked account’s own posts from the blocker’s search, and the blocker’s from the blocked', async () => {
    const a = accounts.public
    const blocker = await t.caller(a.tokens.blocker)
    await blocker.post.create(
      (() => {
        const f = new FormData()
        f.append('files', new File([readFileSync(path.join(FIXTURES, 'swiss.png'))], 'swiss.png'))
        f.append('caption', 'blockerword')
        return f
      })(),
    )
    const owner = await t.caller(a.tokens.owner)
    expect((await owner.search.posts({ q: 'blockerword' })).items).toEqual([])
    expect((await (await t.caller(a.tokens.stranger)).search.posts({ q: 'blockerword' })).items).toHaveLength(1)
    expect((await owner.search.users({ q: 'public.blocker' })).map((u) => u.username)).not.toContain('public.blocker')
    expect((await owner.search.users({ q: 'public.blocked' })).map((u) => u.username)).not.toContain('public.blocked')
  })
})
