// post.create with an Idempotency-Key, as a client on a flaky link retries it: one post, whatever
// the retries, and a clear answer for a retry that comes too early or carries other content.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { rows, sql } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'
import { multipartBody, rawRequest, uploadHeaders, waitFor, within } from './testing/raw-http.ts'

const png = readFileSync(path.join(FIXTURES, 'swiss.png'))
const gif = readFileSync(path.join(FIXTURES, 'hopper.gif'))

let t: TestApp
let base: string
let alice: Awaited<ReturnType<TestApp['user']>>
beforeAll(async () => {
  t = await startTestApp()
  base = await t.listen()
  alice = await t.user('idem.alice')
})
const open: { destroy(): void }[] = []
afterAll(async () => {
  for (const c of open) c.destroy()
  t.app.server.server.closeAllConnections()
  await t.close()
})

type Answer = { status: number; retryAfter: string | null; body: { result?: { data: { id: string } }; error?: { message: string; data: { code: string } } } }

async function create(token: string, key: string | null, opts: { caption?: string; file?: Buffer } = {}): Promise<Answer> {
  const form = new FormData()
  form.append('files', new Blob([new Uint8Array(opts.file ?? png)], { type: 'image/png' }), 'photo.png')
  form.append('caption', opts.caption ?? 'same content')
  const res = await fetch(`${base}/trpc/post.create`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    signal: AbortSignal.timeout(15_000),
  })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Answer['body'] }
}

const postsOf = async (userId: string) =>
  (await t.app.engines.db.db.query.posts.findMany({ columns: { id: true }, where: (p, { eq }) => eq(p.authorId, userId) })).map((p) => p.id)

describe('Idempotency-Key on post.create', () => {
  it('the same key twice makes one post, and the retry answers with it', async () => {
    const before = await postsOf(alice.id)
    const first = await create(alice.token, 'retry-twice-1')
    const again = await create(alice.token, 'retry-twice-1')
    expect(first.status).toBe(200)
    expect(again.status).toBe(200)
    expect(again.body.result!.data.id).toBe(first.body.result!.data.id)
    expect((await postsOf(alice.id)).length).toBe(before.length + 1)
  })

  it('a retry while the first upload is still running gets 409 with Retry-After, and one post is made', async () => {
    const before = await postsOf(alice.id)
    const body = multipartBody([
      { field: 'files', filename: 'slow.png', data: png },
      { field: 'caption', data: 'same content' },
    ])
    const slow = rawRequest(base, { path: '/trpc/post.create', headers: uploadHeaders(alice.token, body.length, { 'idempotency-key': 'concurrent-1' }) })
    open.push(slow)
    await slow.write(body.subarray(0, 300))
    // The first upload holds its key before its body is read.
    await waitFor(async () => (await rows(t.app.engines.db.db, sql`select 1 from idempotency_keys where key = 'concurrent-1'`)).length > 0)
    const retry = await create(alice.token, 'concurrent-1')
    expect(retry.status).toBe(409)
    expect(Number(retry.retryAfter)).toBeGreaterThan(0)
    await slow.write(body.subarray(300))
    const done = await within(slow.response, 10_000)
    expect(done?.status).toBe(200)
    expect((await postsOf(alice.id)).length).toBe(before.length + 1)
    slow.destroy()
  })

  it('many parallel retries with one key make one post: each is answered with it or told to wait', async () => {
    const before = await postsOf(alice.id)
    const answers = await Promise.all(Array.from({ length: 6 }, () => create(alice.token, 'parallel-1')))
    const made = await postsOf(alice.id)
    expect(made.length).toBe(before.length + 1)
    const id = made.find((p) => !before.includes(p))
    for (const a of answers) {
      if (a.status === 200) expect(a.body.result!.data.id).toBe(id)
      else {
        expect(a.status).toBe(409)
        expect(Number(a.retryAfter)).toBeGreaterThan(0)
      }
    }
  })

  it('a key left running by a process that died is free again once its lease runs out', async () => {
    await t.app.engines.db.db.execute(
      sql`insert into idempotency_keys (user_id, key, claim, lease_until) values (${alice.id}, 'orphaned-1', 'dead-process', now() - interval '1 second')`,
    )
    const res = await create(alice.token, 'orphaned-1')
    expect(res.status).toBe(200)
    expect((await create(alice.token, 'orphaned-1')).body.result!.data.id).toBe(res.body.result!.data.id)
  })

  it('the same key with other content is refused with 422', async () => {
    expect((await create(alice.token, 'other-content-1')).status).toBe(200)
    const otherCaption = await create(alice.token, 'other-content-1', { caption: 'something else' })
    expect(otherCaption.status).toBe(422)
    expect(otherCaption.body.error!.data.code).toBe('UNPROCESSABLE_CONTENT')
    expect((await create(alice.token, 'other-content-1', { file: gif })).status).toBe(422)
  })

  it('a key is kept 24 hours: after that the same key makes a new post', async () => {
    const first = await create(alice.token, 'expiring-1')
    expect(first.status).toBe(200)
    expect((await create(alice.token, 'expiring-1')).body.result!.data.id).toBe(first.body.result!.data.id)
    await t.app.engines.db.db.execute(sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'expiring-1'`)
    const later = await create(alice.token, 'expiring-1')
    expect(later.status).toBe(200)
    expect(later.body.result!.data.id).not.toBe(first.body.result!.data.id)
  })

  it('keys belong to one person, and a malformed key is refused before the body is read', async () => {
    const bob = await t.user('idem.bob')
    const mine = await create(alice.token, 'shared-name-1')
    const his = await create(bob.token, 'shared-name-1')
    expect(his.status).toBe(200)
    expect(his.body.result!.data.id).not.toBe(mine.body.result!.data.id)
    expect((await create(alice.token, 'has spaces and ünïcode')).status).toBe(400)
    expect((await create(alice.token, 'x'.repeat(129))).status).toBe(400)
  })
})
