// Privacy and blocks over every story procedure and the story photo's bytes, exactly as for posts:
// a private account's stories reach approved followers only, a block either way hides everything,
// and story.byUser of an account one may not see answers NOT_FOUND, as for one that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpClient, startTestApp, type TestApp } from './testing/harness.ts'
import { outcome, storyForm } from './testing/stories.ts'
import { ROLES, type Role, viewersOf } from './testing/viewers.ts'

type Kind = 'public' | 'private'

let t: TestApp
let base: string
const accounts = {} as Record<Kind, { username: string; storyId: string; storyUrl: string; tokens: Record<Role, string | undefined> }>

beforeAll(async () => {
  t = await startTestApp()
  base = await t.listen()
  for (const kind of ['public', 'private'] as const) {
    const owner = await t.user(`${kind}.owner`, { isPrivate: kind === 'private' })
    const tokens = await viewersOf(t, kind, owner, { isPrivate: kind === 'private' })
    const { id } = await owner.api.story.create(storyForm(kind === 'public' ? 'Landscape_1.jpg' : 'Landscape_9.jpg'))
    const storyUrl = (await owner.api.story.byUser({ username: owner.username })).stories[0]!.media.urls.story
    accounts[kind] = {
      username: owner.username,
      storyId: id,
      storyUrl,
      tokens,
    }
  }
})
afterAll(() => t.close())

/** Who may see the account's stories at all. */
const sees: Record<Kind, Role[]> = {
  public: ['anonymous', 'stranger', 'pending', 'follower', 'owner'],
  private: ['follower', 'owner'],
}
const inTray: Role[] = ['follower', 'owner']

describe.each(['public', 'private'] as const)('the stories of a %s account', (kind) => {
  describe.each(ROLES)('seen by %s', (role) => {
    const may = sees[kind].includes(role)
    const caller = () => t.caller(accounts[kind].tokens[role])

    it('story.byUser answers them, or NOT_FOUND', async () => {
      const a = accounts[kind]
      const res = await outcome((await caller()).story.byUser({ username: a.username }))
      expect(res).toBe(may ? 'OK' : 'NOT_FOUND')
      if (may) expect((await (await caller()).story.byUser({ username: a.username })).stories.map((s) => s.id)).toEqual([a.storyId])
    })

    it('story.tray holds them only for the owner and approved followers', async () => {
      const tray = (await caller()).story.tray()
      if (role === 'anonymous') return expect(await outcome(tray)).toBe('UNAUTHORIZED')
      expect((await tray).some((e) => e.user.username === accounts[kind].username)).toBe(inTray.includes(role))
    })

    it('the profile shows the story ring only where the stories may be seen', async () => {
      const profile = (await caller()).user.byUsername({ username: accounts[kind].username })
      if (role === 'blocked') return expect(await outcome(profile)).toBe('NOT_FOUND')
      expect((await profile).hasStory).toBe(may)
    })

    it('story.markSeen, story.viewers and story.delete answer as API.md says and a refusal changes nothing', async () => {
      const a = accounts[kind]
      const api = await caller()
      const hidden = role === 'anonymous' ? 'UNAUTHORIZED' : 'NOT_FOUND'
      expect(await outcome(api.story.markSeen({ id: a.storyId }))).toBe(may && role !== 'anonymous' ? 'OK' : hidden)
      expect(await outcome(api.story.viewers({ id: a.storyId }))).toBe(role === 'owner' ? 'OK' : may && role !== 'anonymous' ? 'FORBIDDEN' : hidden)
      if (role !== 'owner') {
        expect(await outcome(api.story.delete({ id: a.storyId }))).toBe(may && role !== 'anonymous' ? 'FORBIDDEN' : hidden)
      }
      const owner = await t.caller(a.tokens.owner)
      expect((await owner.story.byUser({ username: a.username })).stories.map((s) => s.id)).toEqual([a.storyId])
    })

    it('gets the photo bytes only through a signed URL handed to someone allowed', async () => {
      const a = accounts[kind]
      const who = httpClient(base, a.tokens[role])
      // Unsigned, the story size is refused to everyone, the owner included.
      expect((await who.get(a.storyUrl.split('?')[0]!)).status).toBe(403)
      if (!may) return
      const mine = (await (await caller()).story.byUser({ username: a.username })).stories[0]!.media.urls
      for (const url of [mine.story, mine.large]) {
        const res = await httpClient(base).get(url)
        expect(res.status).toBe(200)
        expect(res.headers.get('cache-control')).toMatch(/^private/)
      }
    })
  })
})

describe('story viewers across a block', () => {
  it('the owner sees the followers who viewed, and the blocked accounts never appear', async () => {
    const a = accounts.private
    const owner = await t.caller(a.tokens.owner)
    const names = (await owner.story.viewers({ id: a.storyId })).items.map((v) => v.username)
    expect(names).toEqual(['private.follower'])
    const deleted = await owner.story.delete({ id: a.storyId })
    expect(deleted).toEqual({ ok: true })
    const follower = await t.caller(a.tokens.follower)
    expect((await follower.story.byUser({ username: a.username })).stories).toEqual([])
  })
})
