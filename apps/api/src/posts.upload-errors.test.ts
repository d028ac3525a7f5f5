// post.create names every bad file in one answer (issue 13): the message, data.files, the first bad file's status.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, httpClient, startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
let base: string
let token: string
beforeAll(async () => {
  t = await startTestApp()
  base = await t.listen()
  token = (await t.user()).token
})
afterAll(() => t.close())

const fixture = (name: string) => ({ name, data: readFileSync(path.join(FIXTURES, name)) })
const form = (files: { name: string; data: Buffer }[]) => {
  const f = new FormData()
  for (const file of files) f.append('files', new Blob([new Uint8Array(file.data)], { type: 'application/octet-stream' }), file.name)
  return f
}
const postCount = async () => (await t.app.engines.db.db.query.posts.findMany({ columns: { id: true } })).length
type Refusal = { index: number; name: string; code: string; message: string }

describe('post.create with several bad files', () => {
  it('checks every file and names every bad one, with the first bad file\'s status, and writes nothing', async () => {
    const before = await postCount()
    const res = await httpClient(base, token).upload('post.create', form([fixture('flowers.jpeg'), fixture('check.svg'), fixture('lottapixel.jpg'), fixture('swiss.png')]))
    expect(res.status).toBe(415)
    const files = res.body.error!.data.files as Refusal[]
    expect(files.map((f) => [f.index, f.name, f.code])).toEqual([
      [1, 'check.svg', 'UNSUPPORTED_MEDIA_TYPE'],
      [2, 'lottapixel.jpg', 'PAYLOAD_TOO_LARGE'],
    ])
    expect(files[0]!.message).toContain('File 2 (check.svg)')
    expect(files[1]!.message).toContain('File 3 (lottapixel.jpg)')
    expect(res.body.error!.message).toMatch(/^2 files cannot be posted\. File 2 \(check\.svg\).*File 3 \(lottapixel\.jpg\)/)
    expect(res.body.error!.data.fileIndex).toBe(1)
    expect(await postCount()).toBe(before)
  })

  it('answers with the first bad file\'s status when that one is too large', async () => {
    const res = await httpClient(base, token).upload('post.create', form([fixture('lottapixel.jpg'), fixture('check.svg')]))
    expect(res.status).toBe(413)
    expect((res.body.error!.data.files as Refusal[]).map((f) => f.index)).toEqual([0, 1])
  })

  it('reports a file too large to finish streaming with every file found bad before it', async () => {
    const before = await postCount()
    const huge = { name: 'huge.jpg', data: Buffer.concat([fixture('flowers.jpeg').data, Buffer.alloc(26 * 1000 * 1000, 1)]) }
    const res = await httpClient(base, token).upload('post.create', form([fixture('check.svg'), fixture('flowers.jpeg'), huge, fixture('swiss.png')]))
    expect(res.status).toBe(415)
    const files = res.body.error!.data.files as Refusal[]
    expect(files.map((f) => [f.index, f.name, f.code])).toEqual([
      [0, 'check.svg', 'UNSUPPORTED_MEDIA_TYPE'],
      [2, 'huge.jpg', 'PAYLOAD_TOO_LARGE'],
    ])
    expect(res.body.error!.message).toContain('File 3 (huge.jpg) is larger than the 25 MB limit')
    expect(await postCount()).toBe(before)
  })

  it('still carries files for one bad file, its message as before', async () => {
    const res = await httpClient(base, token).upload('post.create', form([fixture('check.svg')]))
    expect(res.status).toBe(415)
    expect(res.body.error!.message).toMatch(/^File 1 \(check\.svg\)/)
    expect(res.body.error!.data.files).toEqual([expect.objectContaining({ index: 0, name: 'check.svg', code: 'UNSUPPORTED_MEDIA_TYPE' })])
  })
})
