// The three ways into the router (GET fast path, tRPC's adapter, the streaming upload) are one
// gateway: a client cannot tell them apart by how they answer.
import { procedureType } from '@mosaic/trpc'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'
import { formEnd, rawRequest, uploadHeaders } from './testing/raw-http.ts'

let t: TestApp
let base: string
beforeAll(async () => {
  t = await startTestApp()
  base = await t.listen()
})
afterAll(async () => {
  t.app.server.server.closeAllConnections()
  await t.close()
})

type ErrorBody = { error: { message: string; code: number; data: { code: string; httpStatus: number; path: string } } }
const errorOf = (res: { body: string }) => {
  const { error } = JSON.parse(res.body) as ErrorBody
  return { message: error.message, code: error.code, dataCode: error.data.code, httpStatus: error.data.httpStatus, path: error.data.path }
}
const forged = { authorization: 'Bearer forged-token-000000000000' }

describe('one gateway', () => {
  it('knows every procedure by path, and which are queries', () => {
    expect(procedureType('feed.home')).toBe('query')
    expect(procedureType('notification.unreadCount')).toBe('query')
    expect(procedureType('post.create')).toBe('mutation')
    expect(procedureType('post')).toBeUndefined()
    expect(procedureType('nope.nothing')).toBeUndefined()
  })

  it('answers a forged bearer token the same way on the GET fast path, the adapter and the upload', async () => {
    const [query, mutation, upload] = await Promise.all([
      rawRequest(base, { method: 'GET', path: '/trpc/notification.unreadCount', headers: forged }).response,
      // (the adapter answers chunked, which the raw client does not read)
      fetch(`${base}/trpc/post.like`, { method: 'POST', headers: { ...forged, 'content-type': 'application/json' }, body: '{"id":"x123"}' }).then(
        async (res) => ({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }),
      ),
      // The head only: the body is never sent, and must not be waited for.
      rawRequest(base, { path: '/trpc/post.create', headers: uploadHeaders(forged.authorization.slice(7), formEnd().length) }).response,
    ])
    for (const res of [query, mutation, upload]) {
      expect(res!.status).toBe(401)
      expect(res!.headers['content-type']).toMatch(/^application\/json/)
    }
    const expected = { message: 'That session token is invalid or has expired', code: -32001, dataCode: 'UNAUTHORIZED', httpStatus: 401 }
    expect(errorOf(query!)).toEqual({ ...expected, path: 'notification.unreadCount' })
    expect(errorOf(mutation!)).toEqual({ ...expected, path: 'post.like' })
    expect(errorOf(upload!)).toEqual({ ...expected, path: 'post.create' })
    // A refusal with the body unread closes the connection; a GET's keeps it.
    expect(upload!.headers.connection).toBe('close')
    expect(query!.headers.connection).not.toBe('close')
  })

  it('answers a batch of queries on the fast path call by call, and leaves a mutation to the adapter', async () => {
    const alice = await t.user('gate.alice')
    const auth = { authorization: `Bearer ${alice.token}` }
    const input = encodeURIComponent(JSON.stringify({ 0: undefined, 1: { id: 'not-a-post' } }))
    const batch = await rawRequest(base, { method: 'GET', path: `/trpc/notification.unreadCount,post.byId?batch=1&input=${input}`, headers: auth }).response
    expect(batch!.status).toBe(207)
    const [count, missing] = JSON.parse(batch!.body) as [{ result: { data: unknown } }, ErrorBody]
    expect(count.result.data).toEqual({ count: 0 })
    expect(missing.error.data.path).toBe('post.byId')

    // A GET on a mutation is the adapter's to refuse, as it always was.
    const wrongMethod = await rawRequest(base, { method: 'GET', path: '/trpc/post.like?input=%7B%7D', headers: auth }).response
    expect(wrongMethod!.status).toBe(405)
  })
})
