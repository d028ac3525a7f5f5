// Stops a real Redis in the middle of a run and starts it again.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { PrivateRedis, Sandbox } from './testing/engines.ts'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

let redis: PrivateRedis
let t: TestApp
beforeAll(async () => {
  redis = await PrivateRedis.create(new Sandbox({ prefix: 'mosaic-redis-down' }))
  t = await startTestApp({ redis: redis.url })
})
afterAll(async () => {
  await t?.close()
  await redis?.kill()
  redis?.sandbox.destroySync()
})

const photo = () => {
  const f = new FormData()
  f.append('files', new File([readFileSync(path.join(FIXTURES, 'hopper.gif'))], 'hopper.gif'))
  return f
}
const ids = (page: { items: { id: string }[] }) => page.items.map((p) => p.id)
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50))
}

it('serves the same feed from Postgres while Redis is down, keeps writes working, and catches up when Redis returns', async () => {
  const [reader, a, b] = await Promise.all([t.user(), t.user(), t.user()])
  await reader.api.user.follow({ username: a.username })
  await reader.api.user.follow({ username: b.username })
  for (const author of [a, b, a]) await author.api.post.create(photo())
  await t.app.deps.queue.drain()
  const withRedis = await reader.api.feed.home({ mode: 'latest' })
  expect(withRedis.items).toHaveLength(3)
  const ready = await t.app.server.inject({ url: '/readyz' })
  expect(ready.json().engines.redis).toBe('up')

  await redis.kill()
  await until(async () => t.app.engines.redis!.status !== 'ready')

  const withoutRedis = await reader.api.feed.home({ mode: 'latest' })
  expect(ids(withoutRedis)).toEqual(ids(withRedis))
  expect(withoutRedis.items.map((p) => p.likeCount)).toEqual(withRedis.items.map((p) => p.likeCount))
  const top = await reader.api.feed.home({ mode: 'top' })
  expect(new Set(ids(top))).toEqual(new Set(ids(withRedis)))
  const notReady = await t.app.server.inject({ url: '/readyz' })
  expect(notReady.statusCode).toBe(503)
  expect(notReady.json().engines.redis).toMatch(/^down/)

  // Writes keep working; their jobs wait in the Postgres outbox.
  const fresh = await b.api.post.create(photo())
  await reader.api.post.like({ id: fresh.id })
  const c = await t.user()
  await reader.api.user.follow({ username: c.username })
  const cPost = await c.api.post.create(photo())
  const outbox = await t.app.engines.db.db.query.jobOutbox.findMany()
  expect(outbox.map((j) => j.name)).toEqual(expect.arrayContaining(['feed.fanout', 'notify', 'feed.followChanged']))
  expect(ids(await reader.api.feed.home({ mode: 'latest' }))).toEqual([cPost.id, fresh.id, ...ids(withRedis)])

  // Redis returns empty (it kept nothing on disk): the outbox is relayed and timelines are rebuilt.
  await redis.start()
  await until(async () => t.app.engines.redis!.status === 'ready')
  await until(async () => (await t.app.engines.db.db.query.jobOutbox.findMany()).length === 0)
  await t.app.deps.queue.drain()
  expect(ids(await reader.api.feed.home({ mode: 'latest' }))).toEqual([cPost.id, fresh.id, ...ids(withRedis)])
  expect((await b.api.notification.list({})).items.map((n) => n.type)).toContain('like')
  expect((await t.app.server.inject({ url: '/readyz' })).statusCode).toBe(200)
})
