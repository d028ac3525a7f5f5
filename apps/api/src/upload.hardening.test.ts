// post.create as an attacker and a bad network use it: clients that trickle and vanish, go silent,
// never send a body, send a bad token, or stream endless bytes in the wrong part. None of them may
// hold an upload slot, or the server's memory, for longer than the configured timeouts.
import { readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'
import { chunk, partHead, rawRequest, sleep, uploadHeaders, waitFor, within, type RawClient } from './testing/raw-http.ts'

const png = readFileSync(path.join(FIXTURES, 'swiss.png'))

/** A normal post.create, given a few seconds: a jammed server answers nothing. */
async function normalUpload(base: string, token: string, caption = 'still works') {
  const form = new FormData()
  form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'swiss.png')
  form.append('caption', caption)
  const res = await fetch(`${base}/trpc/post.create`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  })
  return { status: res.status, headers: res.headers, body: (await res.json()) as { result?: { data: { id: string } }; error?: { message: string } } }
}

/** An upload that has sent its head and the start of a file, and then whatever the test does. */
function partialUpload(base: string, token: string) {
  const client = rawRequest(base, { path: '/trpc/post.create', headers: uploadHeaders(token, 5_000_000) })
  void client.write(Buffer.concat([partHead('files', 'big.png'), png.subarray(0, 200)]))
  return client
}

describe('at the default limits', () => {
  let t: TestApp
  let base: string
  let alice: Awaited<ReturnType<TestApp['user']>>
  beforeAll(async () => {
    t = await startTestApp()
    base = await t.listen()
    alice = await t.user('jam.alice')
  })
  afterAll(async () => {
    t.app.server.server.closeAllConnections()
    await t.close()
  })

  it('20 clients that send part of a file, trickle, then vanish leave every slot free', { timeout: 20_000 }, async () => {
    const clients = Array.from({ length: 20 }, () => partialUpload(base, alice.token))
    await Promise.all(clients.map((c) => c.trickle(5, 40)))
    for (const c of clients) c.destroy()
    await waitFor(() => t.app.server.uploadAdmission.active === 0 && t.app.server.uploadAdmission.waiting === 0)
    // As many uploads as there are slots, at once: each must find one.
    const results = await Promise.all(Array.from({ length: t.config.UPLOAD_CONCURRENCY }, (_, i) => normalUpload(base, alice.token, `after the storm ${i}`)))
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200))
  })
})

describe('with one upload slot and two places in the queue', () => {
  let t: TestApp
  let base: string
  let alice: Awaited<ReturnType<TestApp['user']>>
  const open: RawClient[] = []
  const track = (c: RawClient) => (open.push(c), c)
  beforeAll(async () => {
    t = await startTestApp({ env: { UPLOAD_CONCURRENCY: '1', UPLOAD_QUEUE_MAX: '2', HTTP_IDLE_TIMEOUT_MS: '1000', HTTP_HEADERS_TIMEOUT_MS: '500' } })
    base = await t.listen()
    alice = await t.user('queue.alice')
  })
  afterAll(async () => {
    for (const c of open) c.destroy()
    t.app.server.server.closeAllConnections()
    await t.close()
  })

  it('a client that goes away before its body is read does not take the slot', { timeout: 20_000 }, async () => {
    const admission = t.app.server.uploadAdmission
    const holder = track(partialUpload(base, alice.token))
    const trickling = holder.trickle(200, 50)
    await waitFor(() => admission.active === 1)
    // Waits in the queue behind the holder, then leaves before a byte of its body is read.
    const leaver = track(rawRequest(base, { path: '/trpc/post.create', headers: uploadHeaders(alice.token, 1_000_000) }))
    await waitFor(() => admission.waiting === 1)
    leaver.destroy()
    await waitFor(() => admission.waiting === 0)
    holder.destroy()
    await trickling
    expect((await normalUpload(base, alice.token)).status).toBe(200)
  })

  it('a client that goes silent mid-file is dropped after the idle timeout, freeing its slot', { timeout: 20_000 }, async () => {
    const silent = track(partialUpload(base, alice.token))
    await sleep(100)
    const res = await normalUpload(base, alice.token)
    expect(res.status).toBe(200)
    // The silent client was answered or disconnected, not kept.
    await within(silent.response, 3000)
    expect(silent.socket.destroyed || silent.answered !== null).toBe(true)
  })

  it('a client that never finishes its headers is disconnected after the headers timeout', { timeout: 10_000 }, async () => {
    const url = new URL(base)
    const socket = net.connect(Number(url.port), url.hostname)
    socket.on('error', () => {})
    socket.resume() // read, so the server's close is seen
    socket.write('POST /trpc/post.create HTTP/1.1\r\nhost: x\r\ncontent-type: multipart/form-data; boundary=x\r\n')
    const closed = await within(new Promise((resolve) => socket.once('close', () => resolve(true))), 5000)
    socket.destroy()
    expect(closed).toBe(true)
  })

  it('a bad bearer token is refused with 401 before a byte of the body is read', { timeout: 10_000 }, async () => {
    const client = track(rawRequest(base, { path: '/trpc/post.create', headers: uploadHeaders('not-a-real-token', 200_000_000) }))
    // Nothing but the head was sent: the answer must come anyway.
    const res = await within(client.response, 3000)
    expect(res?.status).toBe(401)
    expect(client.sent).toBe(0)
  })

  it('a file in a part not named files is refused at once, naming the part', { timeout: 20_000 }, async () => {
    const client = track(rawRequest(base, { path: '/trpc/post.create', headers: uploadHeaders(alice.token, 'chunked') }))
    await client.write(chunk(partHead('other', 'endless.bin', 'application/octet-stream')))
    const block = chunk(Buffer.alloc(64 * 1024, 7))
    while (!client.answered && !client.socket.destroyed && client.sent < 20_000_000) await client.write(block)
    const res = await within(client.response, 3000)
    expect(res?.status).toBe(400)
    expect(res?.body).toContain('"other"')
    expect(client.sent).toBeLessThan(4_000_000)
    client.destroy()
    expect((await normalUpload(base, alice.token)).status).toBe(200)
  })

  it('an endless text field is refused long before its end', { timeout: 20_000 }, async () => {
    const client = track(rawRequest(base, { path: '/trpc/post.create', headers: uploadHeaders(alice.token, 'chunked') }))
    await client.write(chunk(partHead('caption')))
    const block = chunk(Buffer.alloc(64 * 1024, 0x61))
    while (!client.answered && !client.socket.destroyed && client.sent < 20_000_000) await client.write(block)
    const res = await within(client.response, 3000)
    expect([400, 413]).toContain(res?.status)
    expect(client.sent).toBeLessThan(4_000_000)
    client.destroy()
  })

  it('when the queue is full, uploads are answered 503 with Retry-After at once, and the server recovers', { timeout: 20_000 }, async () => {
    // One upload holds the slot (kept alive by trickling), two wait in the queue.
    const admission = t.app.server.uploadAdmission
    const holder = track(partialUpload(base, alice.token))
    const trickling = holder.trickle(200, 50)
    await waitFor(() => admission.active === 1)
    const queued = [track(partialUpload(base, alice.token)), track(partialUpload(base, alice.token))]
    await waitFor(() => admission.waiting === 2)
    const refused = await Promise.all(Array.from({ length: 10 }, () => normalUpload(base, alice.token)))
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 503))
    for (const r of refused) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
    holder.destroy()
    for (const q of queued) q.destroy()
    await trickling
    expect((await normalUpload(base, alice.token)).status).toBe(200)
  })
})
