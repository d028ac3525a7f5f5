// The upload and text limits: what meta.limits answers is what the server enforces, at the defaults
// and when an operator lowers them through the environment.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { DEFAULT_LIMITS } from '@mosaic/validators'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, httpClient, startTestApp, type TestApp } from './testing/harness.ts'

type Answer = { status: number; body: { result?: { data: unknown }; error?: { message: string; data: Record<string, unknown> } } }

const png = readFileSync(path.join(FIXTURES, 'swiss.png'))
const form = (files: Buffer[], fields: Record<string, string | string[]> = {}) => {
  const f = new FormData()
  files.forEach((data, i) => f.append('files', new Blob([new Uint8Array(data)]), `photo${i + 1}.png`))
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) f.append(k, one)
  return f
}

/** A JSON mutation over HTTP, as a browser or script sends it. */
async function mutate(base: string, token: string, procedure: string, input: unknown): Promise<Answer> {
  const res = await fetch(`${base}/trpc/${procedure}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  })
  return { status: res.status, body: (await res.json()) as Answer['body'] }
}

describe('at the defaults', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  })
  afterAll(() => t.close())

  it('meta.limits answers the defaults from validators, to anyone', async () => {
    expect(await (await t.caller()).meta.limits()).toEqual(DEFAULT_LIMITS)
    const res = await httpClient(await t.listen()).get('/trpc/meta.limits')
    expect(res.status).toBe(200)
    expect(((await res.json()) as { result: { data: unknown } }).result.data).toEqual({
      filesPerPost: 10, maxFileBytes: 25e6, maxMegapixels: 100, captionLength: 2200, commentLength: 2200, altLength: 1000,
      videosPerPost: 4, maxVideoBytes: 200e6, videoMaxSeconds: 60, storyVideoMaxSeconds: 15, videoMaxDimension: 4096,
    })
  })

  it('refuses a caption and a comment one character over the default, and takes them at it', async () => {
    const alice = await t.user()
    const post = await alice.api.post.create(form([png], { caption: 'x'.repeat(DEFAULT_LIMITS.captionLength) }))
    await expect(alice.api.post.update({ id: post.id, caption: 'x'.repeat(DEFAULT_LIMITS.captionLength + 1) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(alice.api.comment.add({ postId: post.id, text: 'y'.repeat(DEFAULT_LIMITS.commentLength + 1) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await alice.api.comment.add({ postId: post.id, text: 'y'.repeat(DEFAULT_LIMITS.commentLength) })
  })
})

describe('lowered through the environment', () => {
  let t: TestApp
  let base: string
  let alice: Awaited<ReturnType<TestApp['user']>>
  const env = { MAX_FILES_PER_POST: '2', MAX_UPLOAD_MB: '1', MAX_UPLOAD_MEGAPIXELS: '2', MAX_CAPTION_LENGTH: '20', MAX_COMMENT_LENGTH: '30', MAX_ALT_LENGTH: '10' }
  beforeAll(async () => {
    t = await startTestApp({ env })
    base = await t.listen()
    alice = await t.user()
  })
  afterAll(() => t.close())

  const upload = (f: FormData) => httpClient(base, alice.token).upload('post.create', f)
  const postCount = async () => (await t.app.engines.db.db.query.posts.findMany({ columns: { id: true } })).length

  it('meta.limits answers the configured values', async () => {
    const res = await httpClient(base).get('/trpc/meta.limits')
    expect(((await res.json()) as { result: { data: unknown } }).result.data).toEqual({
      filesPerPost: 2,
      maxFileBytes: 1_000_000,
      maxMegapixels: 2,
      captionLength: 20,
      commentLength: 30,
      altLength: 10,
      videosPerPost: 4,
      maxVideoBytes: 200e6,
      videoMaxSeconds: 60,
      storyVideoMaxSeconds: 15,
      videoMaxDimension: 4096,
    })
  })

  it('refuses uploads over any limit, sent all at once, and writes nothing', async () => {
    const before = await postCount()
    // 1500×1500: 2.25 megapixels in a few kilobytes.
    const wide = await sharp({ create: { width: 1500, height: 1500, channels: 3, background: '#808080' } }).png().toBuffer()
    const tooMany = await Promise.all([
      upload(form([png, png, png])),
      upload(form(Array.from({ length: 11 }, () => png))),
      upload(form([png], { caption: 'x'.repeat(21) })),
      upload(form([png], { alt: 'a'.repeat(11) })),
      // More alt texts than a post may have photos.
      upload(form([png, png], { alt: ['a', 'b', 'c'] })),
      upload(form([randomBytes(1_000_001)])),
      upload(form([wide])),
    ])
    expect(tooMany.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 413, 413])
    const [files, eleven, caption, alt, alts, bytes, pixels] = tooMany.map((r) => r.body.error!)
    expect(files!.message).toMatch(/at most 2 (photos|files)/i)
    expect(files!.data).toMatchObject({ code: 'BAD_REQUEST', field: 'files' })
    expect(eleven!.data).toMatchObject({ code: 'BAD_REQUEST', field: 'files' })
    expect(caption!.message).toBe('Captions are at most 20 characters')
    expect(caption!.data).toMatchObject({ field: 'caption' })
    expect(alt!.message).toBe('Alt text is at most 10 characters')
    expect(alts!.data).toMatchObject({ field: 'alt' })
    expect(bytes!.message).toMatch(/1 MB/)
    expect(pixels!.message).toMatch(/the limit is 2/)
    expect(await postCount()).toBe(before)
  })

  it('takes a post exactly at the limits', async () => {
    const res = await upload(form([png, png], { caption: 'x'.repeat(20), alt: ['a'.repeat(10), 'b'] }))
    expect(res.status, JSON.stringify(res.body.error)).toBe(200)
    expect(res.body.result?.data).toMatchObject({ caption: 'x'.repeat(20) })
  })

  it('refuses an edit or a comment over the limits with the same answer as any invalid input', async () => {
    const post = await alice.api.post.create(form([png]))
    const captions = await Promise.all([21, 20].map((n) => mutate(base, alice.token, 'post.update', { id: post.id, caption: 'c'.repeat(n) })))
    expect(captions.map((r) => r.status)).toEqual([400, 200])
    expect(captions[0]!.body.error).toMatchObject({
      message: 'Invalid input: caption: Captions are at most 20 characters',
      data: { code: 'BAD_REQUEST', fieldErrors: { caption: 'Captions are at most 20 characters' } },
    })
    const alt = await mutate(base, alice.token, 'post.update', { id: post.id, alt: ['a'.repeat(11)] })
    expect(alt.body.error?.data).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { 'alt.0': 'Alt text is at most 10 characters' } })

    const comments = await Promise.all([31, 30].map((n) => mutate(base, alice.token, 'comment.add', { postId: post.id, text: 'y'.repeat(n) })))
    expect(comments.map((r) => r.status)).toEqual([400, 200])
    expect(comments[0]!.body.error?.data).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { text: 'Comments are at most 30 characters' } })
    // Without HTTP, through the caller, the same limits hold.
    await expect(alice.api.comment.add({ postId: post.id, text: 'y'.repeat(31) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect((await alice.api.comment.list({ postId: post.id })).items.map((c) => c.text)).toEqual(['y'.repeat(30)])
  })
})
