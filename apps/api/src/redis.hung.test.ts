// A Redis that hangs (SIGSTOP: the socket stays open, nothing answers) must not hang a request.
// These tests start their own redis-server and freeze only that one, never the shared 6379.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrivateRedis, Sandbox } from './testing/engines.ts'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'

let redis: PrivateRedis
let redisUrl: string
beforeAll(async () => {
  redis = await PrivateRedis.create(new Sandbox({ prefix: 'mosaic-redis-hung' }))
  redisUrl = redis.url
})
afterAll(async () => {
  await redis?.kill()
  redis?.sandbox.destroySync()
})

/** Freezes our redis-server for the length of `body`, thawing it whatever happens. */
async function whileFrozen<T>(body: () => Promise<T>): Promise<T> {
  redis.freeze()
  try {
    return await body()
  } finally {
    redis.thaw()
  }
}

type Answer = { status: number; data: unknown }
/** A request that gives up after 5 s: the bound says "it answered", it is not a latency assertion. */
async function call(base: string, token: string | null, pathAndQuery: string, init: { method?: string; json?: unknown; form?: FormData } = {}): Promise<Answer> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  if (init.json !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${base}/trpc/${pathAndQuery}`, {
    method: init.method ?? (init.json !== undefined || init.form ? 'POST' : 'GET'),
    headers,
    body: init.form ?? (init.json !== undefined ? JSON.stringify(init.json) : undefined),
    signal: AbortSignal.timeout(5000),
  })
  const body = (await res.json()) as { result?: { data: unknown } }
  return { status: res.status, data: body.result?.data }
}
const query = (base: string, token: string | null, p: string, input?: unknown) =>
  call(base, token, input === undefined ? p : `${p}?input=${encodeURIComponent(JSON.stringify(input))}`)

const photo = () => {
  const f = new FormData()
  f.append('files', new File([readFileSync(path.join(FIXTURES, 'hopper.gif'))], 'hopper.gif'))
  return f
}

async function people(t: TestApp) {
  const [reader, author] = await Promise.all([t.user(), t.user()])
  await reader.api.user.follow({ username: author.username })
  const post = await author.api.post.create(photo())
  await t.app.deps.queue.drain()
  // Warm the caches, so a frozen Redis is what the next requests meet first.
  await reader.api.feed.home({ mode: 'latest' })
  return { reader, author, post }
}

describe('a frozen Redis (defaults)', () => {
  let t: TestApp
  let base: string
  beforeAll(async () => {
    t = await startTestApp({ redis: redisUrl })
    base = await t.listen()
  })
  afterAll(() => t?.close())

  it('signed-in requests, sign-in, the feed, likes and uploads all answer', async () => {
    const { reader, author, post } = await people(t)
    await whileFrozen(async () => {
      const me = await query(base, reader.token, 'auth.me')
      expect(me).toMatchObject({ status: 200, data: { username: reader.username } })
      const signIn = await call(base, null, 'auth.signIn', { json: { login: reader.username, password: 'correct horse battery' } })
      expect(signIn.status).toBe(200)
      expect((signIn.data as { token: string }).token).toBeTruthy()
      const feed = await query(base, reader.token, 'feed.home', { mode: 'latest' })
      expect(feed.status).toBe(200)
      expect((feed.data as { items: { id: string }[] }).items.map((p) => p.id)).toEqual([post.id])
      expect((await call(base, reader.token, 'post.like', { json: { id: post.id } })).status).toBe(200)
      const created = await call(base, author.token, 'post.create', { form: photo() })
      expect(created.status).toBe(200)
      expect((created.data as { id: string }).id).toBeTruthy()
      // The jobs those writes queued wait in the Postgres outbox instead of hanging on BullMQ.
      const outbox = await t.app.engines.db.db.query.jobOutbox.findMany()
      expect(outbox.map((j) => j.name)).toEqual(expect.arrayContaining(['feed.fanout']))
    })
  })
})

/** Records every command Redis executes for the app's own client (not BullMQ's connections). */
async function watch(t: TestApp) {
  const client = new Redis(redisUrl)
  const monitor = await client.monitor()
  const own = t.app.engines.redis
  if (!(own instanceof Redis)) throw new Error('this test runs on one redis-server')
  const appPort = String(own.stream.localPort)
  const fromApp: string[] = []
  let markers = 0
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source.endsWith(`:${appPort}`)) fromApp.push(args.join(' '))
    if (args[0]?.toLowerCase() === 'echo' && args[1] === 'marker') markers++
  })
  return {
    fromApp,
    /** Waits until the monitor has seen everything executed before this call. */
    async flush() {
      const seen = markers
      await client.echo('marker')
      for (let i = 0; i < 200 && markers === seen; i++) await new Promise((r) => setTimeout(r, 10))
      expect(markers).toBe(seen + 1)
    },
    stop() {
      monitor.disconnect()
      client.disconnect()
    },
  }
}

describe('the circuit breaker', () => {
  let t: TestApp
  let base: string
  beforeAll(async () => {
    // A cool-down longer than the test, so "open" is what we observe.
    t = await startTestApp({ redis: redisUrl, env: { REDIS_BREAKER_COOLDOWN_MS: '600000' } })
    base = await t.listen()
  })
  afterAll(() => t?.close())

  it('once Redis has timed out, requests do not call it at all until the cool-down is over', async () => {
    const { reader, post } = await people(t)
    await whileFrozen(async () => {
      expect((await query(base, reader.token, 'auth.me')).status).toBe(200)
    })
    // Redis is back and answers others; this process, its breaker open, must not send it anything.
    const w = await watch(t)
    try {
      await w.flush()
      expect((await query(base, reader.token, 'auth.me')).status).toBe(200)
      expect((await query(base, reader.token, 'feed.home', { mode: 'latest' })).status).toBe(200)
      expect((await call(base, reader.token, 'post.like', { json: { id: post.id } })).status).toBe(200)
      expect((await call(base, null, 'auth.signIn', { json: { login: reader.username, password: 'correct horse battery' } })).status).toBe(200)
      await w.flush()
      expect(w.fromApp).toEqual([])
    } finally {
      w.stop()
    }
  })
})

describe('the circuit breaker, half-open', () => {
  let t: TestApp
  let base: string
  beforeAll(async () => {
    t = await startTestApp({ redis: redisUrl, env: { REDIS_BREAKER_COOLDOWN_MS: '200' } })
    base = await t.listen()
  })
  afterAll(() => t?.close())

  it('after the cool-down a probe finds Redis back, and requests use it again', async () => {
    const { reader } = await people(t)
    await whileFrozen(async () => {
      expect((await query(base, reader.token, 'auth.me')).status).toBe(200)
    })
    const w = await watch(t)
    try {
      // Each request may meet the breaker open (fallback) or closed; within a few it is closed again.
      for (let i = 0; i < 100 && !w.fromApp.some((c) => c.startsWith('get ')); i++) {
        expect((await query(base, reader.token, 'auth.me')).status).toBe(200)
        await w.flush()
      }
      expect(w.fromApp).toContain('ping')
      expect(w.fromApp.some((c) => c.startsWith('get '))).toBe(true)
      expect(t.app.engines.redisBreaker!.state).toBe('closed')
    } finally {
      w.stop()
    }
  })
})
