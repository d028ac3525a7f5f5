// The who-to-follow walk and its read path on a real PostgreSQL, with graphs written straight into
// the tables (follower counts set by hand, so the ranking's inputs are exactly what each test says).
import { createTestDatabase, type TestDatabase } from '@mosaic/db/testing'
import { eq, schema } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemorySuggestionCache } from '../adapters/memory/suggestion-cache.ts'
import type { JobQueue, MediaUrls } from '../ports.ts'
import type { Viewer } from '../types.ts'
import { refreshSuggestions, suggestionsChanged } from './refresh.ts'
import { POPULAR_MIN_FOLLOWERS, reasonText, suggestions } from './suggestion.service.ts'

const { users, follows, blocks } = schema

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase()
})
afterAll(() => db.drop())

const urls: MediaUrls = { public: (k) => `/media/${k}`, signed: (k) => `/media/${k}?sig` }
const config = { refreshMs: 60_000, debounceMs: 0 }

/** A queue that only records what was asked of it. */
function recordingQueue() {
  const jobs: { name: string; payload: unknown; jobId?: string | undefined; delayMs?: number | undefined }[] = []
  const queue: JobQueue = {
    async enqueue(name, payload, opts = {}) {
      jobs.push({ name, payload, jobId: opts.jobId, delayMs: opts.delayMs })
    },
    async drain() {},
    async close() {},
  }
  return { queue, jobs }
}

/** A fresh little world: people by name (unique per test), edges, blocks, and a viewer's view of it. */
function world() {
  const suffix = Math.random().toString(36).slice(2, 8)
  const ids = new Map<string, string>()
  const cache = createMemorySuggestionCache()
  const { queue, jobs } = recordingQueue()
  const deps = { db: db.db, urls, queue, suggestionCache: cache, suggestionConfig: config }
  const name = (n: string) => `${n}_${suffix}`
  const viewer = (n: string): Viewer => ({ id: ids.get(n)!, username: name(n), sessionId: 'test' })
  return {
    cache,
    jobs,
    deps,
    name,
    id: (n: string) => ids.get(n)!,
    async people(spec: Record<string, { followers?: number; isPrivate?: boolean }>) {
      for (const [n, o] of Object.entries(spec)) {
        const [row] = await db.db
          .insert(users)
          .values({ username: name(n), email: `${name(n)}@example.test`, passwordHash: 'x', followerCount: o.followers ?? 0, isPrivate: o.isPrivate ?? false })
          .returning({ id: users.id })
        ids.set(n, row!.id)
      }
    },
    /** `edges('a>b a>c b>c')`; `a?b` is a pending request. */
    async edges(spec: string) {
      for (const e of spec.split(/\s+/).filter(Boolean)) {
        const [from, to] = e.split(/[>?]/) as [string, string]
        await db.db.insert(follows).values({ followerId: ids.get(from)!, followeeId: ids.get(to)!, state: e.includes('?') ? 'pending' : 'accepted' })
      }
    },
    async block(blocker: string, blocked: string) {
      await db.db.insert(blocks).values({ blockerId: ids.get(blocker)!, blockedId: ids.get(blocked)! })
    },
    /** What `n` is offered, among this world's people (earlier tests' people are popular too). */
    async seen(n: string, limit = 50) {
      const list = await suggestions(deps, viewer(n), limit)
      return list.filter((s) => s.username.endsWith(`_${suffix}`)).map((s) => [s.username.replace(`_${suffix}`, ''), s.reason.replaceAll(`_${suffix}`, '')])
    },
  }
}

describe('who to follow', () => {
  it('ranks by how many of the people you follow lead there, then by follower count, and says who', async () => {
    const w = world()
    await w.people({ v: {}, a: { followers: 100 }, b: { followers: 10 }, c: {}, x: {}, y: { followers: 10 }, z: { followers: 5 }, q: { followers: 50 } })
    await w.edges('v>a v>b v>c a>x b>x c>x a>y b>y a>z c>q')
    expect(await w.seen('v')).toEqual([
      ['x', 'Followed by a and 2 others you follow'],
      ['y', 'Followed by a and 1 other you follow'],
      ['q', 'Followed by c'],
      ['z', 'Followed by a'],
    ])
  })

  it('reaches three hops through public accounts only, and says whose network it is', async () => {
    const w = world()
    await w.people({ v: {}, a: {}, b: {}, g: { followers: 3 }, h: { followers: 2 }, secret: { isPrivate: true }, t: {}, u: {}, hidden: {} })
    await w.edges('v>a v>b a>g b>g a>h g>t h>t g>u a>secret secret>hidden')
    expect(await w.seen('v')).toEqual([
      ['g', 'Followed by a and 1 other you follow'],
      ['h', 'Followed by a'],
      ['secret', 'Followed by a'],
      // three hops: t is followed by two walked accounts (g, h), u by one (g)
      ['t', 'Popular with people a follows'],
      ['u', 'Popular with people a follows'],
    ])
  })

  it('never suggests yourself, anyone you follow or asked to follow, or anyone in a block with you', async () => {
    const w = world()
    await w.people({ v: {}, a: {}, f: {}, r: { isPrivate: true }, blocked: {}, blocker: {}, ok: {} })
    await w.edges('v>a v>f v?r a>v a>f a>r a>blocked a>blocker a>ok')
    await w.block('v', 'blocked')
    await w.block('blocker', 'v')
    expect(await w.seen('v')).toEqual([['ok', 'Followed by a']])
  })

  it('walks neither a pending request nor the following list of a private account one is not approved by', async () => {
    const w = world()
    await w.people({ v: {}, priv: { isPrivate: true }, pal: {}, friend: {}, secret: { isPrivate: true }, theirs: {} })
    await w.edges('v?priv priv>friend v>pal pal>secret secret>theirs')
    // A private account may be suggested (pal follows it), but what it follows stays its own.
    expect(await w.seen('v')).toEqual([['secret', 'Followed by pal']])
    await db.db.update(follows).set({ state: 'accepted' }).where(eq(follows.followerId, w.id('v')))
    await refreshSuggestions(w.deps, w.id('v'))
    expect(await w.seen('v')).toEqual([
      ['friend', 'Followed by priv'],
      ['secret', 'Followed by pal'],
    ])
  })

  it('gives a newcomer the most followed accounts, minus the same exclusions', async () => {
    const w = world()
    await w.people({ v: { followers: 1000 }, big: { followers: 500 }, mid: { followers: 10 }, asked: { followers: 900, isPrivate: true }, blocked: { followers: 800 }, blocker: { followers: 700 } })
    await w.edges('v?asked')
    await w.block('v', 'blocked')
    await w.block('blocker', 'v')
    const seen = await w.seen('v')
    // Other tests' people are popular too: look at this world's only.
    const mine = new Set(['v', 'big', 'mid', 'asked', 'blocked', 'blocker'])
    expect(seen.filter(([n]) => mine.has(n!))).toEqual([
      ['big', 'Popular on Mosaic'],
      // ten followers: suggested, not called popular
      ['mid', 'Suggested for you'],
    ])
  })

  it('puts friends of friends before popular accounts, and respects the limit', async () => {
    const w = world()
    await w.people({ v: {}, a: {}, quiet: {}, famous: { followers: 1_000_000 } })
    await w.edges('v>a a>quiet')
    const seen = await w.seen('v')
    expect(seen[0]).toEqual(['quiet', 'Followed by a'])
    expect(seen.findIndex(([n]) => n === 'famous')).toBeGreaterThan(0)
    expect(await w.seen('v', 1)).toEqual([['quiet', 'Followed by a']])
  })
})

describe('the cached list', () => {
  it('is computed once and then read, but never shows someone followed or blocked since', async () => {
    const w = world()
    await w.people({ v: {}, a: {}, x: {}, y: {}, z: {}, late: {} })
    await w.edges('v>a a>x a>y a>z')
    expect((await w.seen('v')).map(([n]) => n)).toEqual(['x', 'y', 'z'])
    // Behind the service's back: the cache does not know, the read filter does.
    await w.edges('v>x a>late')
    await w.block('z', 'v')
    expect((await w.seen('v')).map(([n]) => n)).toEqual(['y'])
    expect((await w.cache.get(w.id('v')))!.items.map((i) => i.id)).toEqual(expect.arrayContaining([w.id('x'), w.id('y'), w.id('z')]))
    expect(w.jobs).toEqual([])
    // A recompute (what the worker does after a follow) sees the new edge.
    await refreshSuggestions(w.deps, w.id('v'))
    expect((await w.seen('v')).map(([n]) => n)).toEqual(['y', 'late'])
  })

  it('is served once more when old and recomputed in the background', async () => {
    const w = world()
    await w.people({ v: {}, a: {}, x: {} })
    await w.edges('v>a a>x')
    await w.cache.set(w.id('v'), { computedAt: Date.now() - config.refreshMs, items: [] })
    expect(await w.seen('v')).toEqual([])
    expect(w.jobs).toMatchObject([{ name: 'suggestions.refresh', payload: { userId: w.id('v') } }])
  })

  it('coalesces the changes of one debounce window into one job that runs when the window closes', async () => {
    const { queue, jobs } = recordingQueue()
    const deps = { queue, suggestionConfig: { refreshMs: 60_000, debounceMs: 5000 } }
    await suggestionsChanged(deps, 'u1', 10_100)
    await suggestionsChanged(deps, 'u1', 14_999)
    await suggestionsChanged(deps, 'u1', 15_000)
    expect(jobs.map((j) => [j.jobId, j.delayMs])).toEqual([
      ['suggest-u1-2', 4900],
      ['suggest-u1-2', 1],
      ['suggest-u1-3', 5000],
    ])
  })

  it('in memory, forgets the least recently read person past its bound, and anyone idle for a week', async () => {
    let now = 0
    const cache = createMemorySuggestionCache({ maxUsers: 2, now: () => now })
    const list = (computedAt: number) => ({ computedAt, items: [] })
    await cache.set('a', list(1))
    await cache.set('b', list(1))
    expect(await cache.get('a')).toEqual(list(1))
    await cache.set('c', list(1))
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([list(1), null, list(1)])
    now = 7 * 24 * 3600 * 1000 + 1
    expect(await cache.get('a')).toBeNull()
  })

  it('words every reason', () => {
    expect(reasonText({ kind: 'followed', via: 'alice', others: 0 }, 1)).toBe('Followed by alice')
    expect(reasonText({ kind: 'followed', via: 'alice', others: 1 }, 2)).toBe('Followed by alice and 1 other you follow')
    expect(reasonText({ kind: 'followed', via: 'alice', others: 3 }, 4)).toBe('Followed by alice and 3 others you follow')
    expect(reasonText({ kind: 'network', via: 'alice' }, 2)).toBe('Popular with people alice follows')
    expect(reasonText({ kind: 'popular' }, POPULAR_MIN_FOLLOWERS)).toBe('Popular on Mosaic')
  })

  it('never calls an account with a handful of followers popular', () => {
    expect(reasonText({ kind: 'popular' }, 1)).toBe('Suggested for you')
    expect(reasonText({ kind: 'popular' }, POPULAR_MIN_FOLLOWERS - 1)).toBe('Suggested for you')
  })
})
