// The warm home-feed page answered in front of Fastify (http/warm-feed.ts): over real HTTP, its
// answer carries what the hooks give every other answer — the guards' security headers, the
// request id, compression as negotiated, the HTTP metrics — and it is the page Fastify answers.
import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onRedisCommand, photo } from './testing/feed-graph.ts'
import { startTestApp, type TestApp } from './testing/harness.ts'

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** A raw GET (no decoding): the bytes and headers as sent. */
function get(base: string, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Headers that differ per answer by nature. */
const PER_ANSWER = new Set(['date', 'content-length', 'x-request-id', 'transfer-encoding', 'connection', 'keep-alive', 'content-encoding', 'vary'])
const steady = (headers: Answer['headers']) => Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_ANSWER.has(name)))

describe('the warm feed page before the framework', () => {
  let t: TestApp
  let base: string
  let reader: Awaited<ReturnType<TestApp['user']>>
  let lonely: Awaited<ReturnType<TestApp['user']>> // follows no one: a page of its one post
  let redisCommands = 0
  let scripts = 0
  const feedPath = (limit: number) => `/trpc/feed.home?input=${encodeURIComponent(JSON.stringify({ mode: 'latest', limit }))}`

  beforeAll(async () => {
    t = await startTestApp({ redis: true })
    base = await t.listen()
    onRedisCommand(t, (name) => {
      redisCommands++
      if (name === 'evalsha' || name === 'eval') scripts++
    })
    reader = await t.user()
    const author = await t.user()
    await reader.api.user.follow({ username: author.username })
    // Enough posts for a page past the compression threshold.
    for (let i = 0; i < 3; i++) await author.api.post.create(photo())
    await t.app.deps.queue.drain()
    lonely = await t.user('lonely')
    await lonely.api.post.create(photo()) // one post of its own
    // The first reads read the sessions and have the worker build the timelines; the next fill the
    // caches, the last this process's shapes of the posts (a warm page is then one round trip).
    for (const p of [reader, lonely, reader, lonely, reader, lonely]) {
      await get(base, feedPath(10), { authorization: `Bearer ${p.token}` })
      await t.app.deps.queue.drain()
    }
  }, 60_000)
  afterAll(async () => {
    await t?.close()
  })

  /** A warm page over HTTP, and how many Redis commands it cost (one: the page's script). */
  async function warm(headers: Record<string, string> = {}, who = reader) {
    redisCommands = 0
    const answer = await get(base, feedPath(10), { authorization: `Bearer ${who.token}`, ...headers })
    return { ...answer, redisCommands }
  }

  it('answers with the headers, status and text Fastify gives the same call', async () => {
    const fast = await warm()
    expect(fast.redisCommands).toBe(1)
    // The same call through Fastify: a batch of two is never answered in front of it.
    const batched = await get(base, `/trpc/feed.home,feed.home?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { mode: 'latest', limit: 10 }, 1: { mode: 'latest', limit: 10 } }))}`, {
      authorization: `Bearer ${reader.token}`,
    })
    expect(fast.status).toBe(200)
    expect(batched.status).toBe(200)
    expect(steady(fast.headers)).toEqual(steady(batched.headers))
    expect(fast.headers['content-security-policy']).toContain("default-src 'self'")
    expect(fast.headers['permissions-policy']).toContain('camera=()')
    expect(fast.headers['content-length']).toBe(String(fast.body.length))
    const [first] = JSON.parse(batched.body.toString()) as unknown[]
    expect(JSON.parse(fast.body.toString())).toEqual(first)
    // A batch of one is answered in front of Fastify too, in a batch's envelope.
    redisCommands = 0
    const one = await get(base, `/trpc/feed.home?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { mode: 'latest', limit: 10 } }))}`, { authorization: `Bearer ${reader.token}` })
    expect(redisCommands).toBe(1)
    expect(one.body.toString()).toBe(`[${fast.body.toString()}]`)
  })

  it('keeps the request id a balancer sends, and makes one otherwise', async () => {
    expect((await warm({ 'x-request-id': 'lb-1234' })).headers['x-request-id']).toBe('lb-1234')
    const made = (await warm()).headers['x-request-id']
    expect(made).toMatch(/^[0-9a-f-]{36}$/)
    expect((await warm()).headers['x-request-id']).not.toBe(made)
  })

  it('compresses as negotiated, and not below the threshold or when told not to', async () => {
    const plain = await warm()
    expect(plain.body.length).toBeGreaterThan(1024)
    expect(plain.headers['content-encoding']).toBeUndefined()
    const br = await warm({ 'accept-encoding': 'gzip, deflate, br' })
    expect(br.redisCommands).toBe(1)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toBe('accept-encoding')
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true)
    const gz = await warm({ 'accept-encoding': 'gzip;q=1, br;q=0' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true)
    expect((await warm({ 'accept-encoding': 'deflate' })).headers['content-encoding']).toBeUndefined()
    expect((await warm({ 'accept-encoding': 'br', 'x-no-compression': '1' })).headers['content-encoding']).toBeUndefined()
    const small = await warm({ 'accept-encoding': 'br' }, lonely)
    expect(small.redisCommands).toBe(1)
    expect(small.body.length).toBeLessThan(1024) // one post, sent as it is
    expect(small.headers['content-encoding']).toBeUndefined()
  })

  it('counts its answers in the HTTP metrics, as the route Fastify names', async () => {
    const count = async () => {
      const text = (await get(base, '/metrics', {})).body.toString()
      const line = text.split('\n').find((l) => l.startsWith('mosaic_http_request_duration_seconds_count{') && l.includes('route="/trpc/:path"') && l.includes('method="GET"') && l.includes('status="200"'))
      return Number(line?.split(' ').pop() ?? 0)
    }
    const before = await count()
    await warm()
    await warm()
    expect(await count()).toBe(before + 2)
  })

  it('tries a page that is not warm once: Fastify then serves it without trying again', async () => {
    await t.app.engines.redis!.del(`${t.config.REDIS_KEY_PREFIX}{u:${reader.id}}:celebs`) // the followed celebrities, to be read again
    scripts = 0
    const cold = await warm()
    expect(cold.status).toBe(200)
    expect(scripts).toBe(1)
    const again = await warm() // the page it served cached the list: warm again
    expect(again.redisCommands).toBe(1)
    expect(again.body.equals(cold.body)).toBe(true)
  })

  it('leaves to Fastify what it does not answer: no session, a bad token, a bad input', async () => {
    const anonymous = await get(base, feedPath(10), {})
    expect(anonymous.status).toBe(401)
    const forged = await get(base, feedPath(10), { authorization: `Bearer ${'x'.repeat(43)}` })
    expect(forged.status).toBe(401)
    const bad = await get(base, `/trpc/feed.home?input=${encodeURIComponent(JSON.stringify({ mode: 'sideways', limit: 10 }))}`, { authorization: `Bearer ${reader.token}` })
    expect(bad.status).toBe(400)
    const malformed = await get(base, '/trpc/feed.home?input=%7B', { authorization: `Bearer ${reader.token}` })
    expect(malformed.status).toBe(400)
    // Each with the guards' headers, as every answer.
    for (const a of [anonymous, forged, bad, malformed]) expect(a.headers['permissions-policy']).toContain('camera=()')
  })
})
