// Stops a real Redis in the middle of a run and starts it again.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })

let port: number
let redis: ChildProcess | null = null
async function startRedis() {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const c = createServer()
      c.once('error', () => resolve(true))
      c.listen(port, '127.0.0.1', () => c.close(() => resolve(false)))
    })
    if (up) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('redis-server did not start (is it installed?)')
}
async function stopRedis() {
  const r = redis
  redis = null
  if (!r) return
  const exited = new Promise((resolve) => r.once('exit', resolve))
  r.kill('SIGKILL')
  await exited
}

let t: TestApp
beforeAll(async () => {
  port = await freePort()
  await startRedis()
  t = await startTestApp({ redis: `redis://127.0.0.1:${port}` })
})
afterAll(async () => {
  await t?.close()
  await stopRedis()
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

  await stopRedis()
  await until(async () => t.app.deps.redis!.status !== 'ready')

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
  await startRedis()
  await until(async () => t.app.deps.redis!.status === 'ready')
  await until(async () => (await t.app.engines.db.db.query.jobOutbox.findMany()).length === 0)
  await t.app.deps.queue.drain()
  expect(ids(await reader.api.feed.home({ mode: 'latest' }))).toEqual([cPost.id, fresh.id, ...ids(withRedis)])
  expect((await b.api.notification.list({})).items.map((n) => n.type)).toContain('like')
  expect((await t.app.server.inject({ url: '/readyz' })).statusCode).toBe(200)
})
