// A random follow graph with posts, and the home feed it should give, for the feed's tests.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { FIXTURES, type TestApp } from './harness.ts'

/** A small photo post's form. */
export const photo = () => {
  const f = new FormData()
  f.append('files', new File([readFileSync(path.join(FIXTURES, 'swiss.png'))], 'swiss.png'))
  return f
}

/** What the feed should be, straight from the tables: posts by me or anyone I follow, newest first. */
export async function oracle(t: TestApp, viewerId: string) {
  const db = t.app.engines.db.db
  const followees = (await db.query.follows.findMany({ where: (f, { and, eq }) => and(eq(f.followerId, viewerId), eq(f.state, 'accepted')) })).map((f) => f.followeeId)
  const all = await db.query.posts.findMany({ columns: { id: true, authorId: true, createdAt: true } })
  return all
    .filter((p) => p.authorId === viewerId || followees.includes(p.authorId))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
    .map((p) => p.id)
}

/**
 * A seeded random graph: `size` people (every fifth private, most of their requests approved),
 * random follows, 3–5 posts each. Small enough to check exhaustively, varied enough to catch ordering bugs.
 */
export async function randomGraph(t: TestApp, seed: number, size = 14) {
  let s = seed
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const people = await Promise.all(Array.from({ length: size }, (_, i) => t.user(undefined, { isPrivate: i % 5 === 0 })))
  for (const a of people) {
    for (const b of people) {
      if (a === b || rnd() > 0.35) continue
      const { state } = await a.api.user.follow({ username: b.username })
      if (state === 'requested' && rnd() < 0.7) await b.api.user.approveFollow({ username: a.username })
    }
  }
  for (let round = 0; round < 4; round++) for (const p of people) if (rnd() < 0.8) await p.api.post.create(photo())
  await t.app.deps.queue.drain()
  return people
}

/** Calls `count` with the name of every command the app's Redis client sends, pipelined or not (all pass through sendCommand). */
export function onRedisCommand(t: TestApp, count: (name: string) => void) {
  const redis = t.app.engines.redis!
  const original = redis.sendCommand
  Object.assign(redis, {
    sendCommand(...args: unknown[]) {
      const command = args[0]
      count(typeof command === 'object' && command !== null && 'name' in command ? String(command.name) : '')
      return Reflect.apply(original, redis, args)
    },
  })
}
