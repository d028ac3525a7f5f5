// Process roles behind a balancer, from outside over HTTP: four processes (all, read, write, worker)
// over one database, one Redis and one media folder, as the scale topology runs them. Each role
// serves what it is for and refuses the rest at once with 421, so a misrouted balancer is seen at
// its first request; no method trick makes a read process run a mutation.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createTestDatabase, testEnv, type TestDatabase } from '@mosaic/db/testing'
import { createCaller, createContextInner } from '@mosaic/trpc'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { paths } from './paths.ts'
import { FIXTURES } from './testing/harness.ts'

const ROLES = ['all', 'read', 'write', 'worker'] as const
type Role = (typeof ROLES)[number]
type App = Awaited<ReturnType<typeof createApp>>

let db: TestDatabase
let dataDir: string
const apps = {} as Record<Role, App>
const base = {} as Record<Role, string>
const people = {} as Record<Role, string>
let owner: string
let postId: string
let mediaUrl: string

beforeAll(async () => {
  db = await createTestDatabase()
  dataDir = mkdtempSync(path.join(tmpdir(), 'mosaic-roles-'))
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    REDIS_URL: testEnv.redisUrl,
    REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    LIMIT_SIGNUPS_PER_HOUR: '100000',
  }
  for (const role of ROLES) {
    apps[role] = await createApp(loadConfig({ ...env, ROLE: role }), { webDist: paths.webDist })
    base[role] = await apps[role].server.listen({ port: 0, host: '127.0.0.1' })
  }
  const anon = createCaller(await createContextInner({ deps: apps.all.deps, credentials: null }))
  const signUp = async (username: string) =>
    (await anon.auth.signUp({ username, email: `${username}@example.test`, password: 'correct horse battery' })).token
  owner = await signUp('roles.owner')
  for (const role of ROLES) people[role] = await signUp(`roles.${role}`)
  const post = await upload(base.all, owner)
  expect(post.status).toBe(200)
  const created = (post.body as { result: { data: { id: string; media: { urls: Record<string, string> }[] } } }).result.data
  postId = created.id
  mediaUrl = Object.values(created.media[0]!.urls)[0]!
})

afterAll(async () => {
  for (const role of ROLES) await apps[role]?.close()
  await db?.drop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const auth = (token: string) => ({ authorization: `Bearer ${token}` })
const call = async (url: string, init: RequestInit = {}) => {
  const res = await fetch(url, { redirect: 'manual', ...init })
  const text = await res.text()
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as unknown) : null }
}
function upload(at: string, token: string) {
  const form = new FormData()
  form.append('files', new Blob([new Uint8Array(readFileSync(path.join(FIXTURES, 'Landscape_1.jpg')))], { type: 'image/jpeg' }), 'Landscape_1.jpg')
  form.append('caption', 'roles')
  return call(`${at}/trpc/post.create`, { method: 'POST', body: form, headers: auth(token) })
}
const like = (at: string, token: string, init: RequestInit = {}) =>
  call(`${at}/trpc/post.like`, { method: 'POST', body: JSON.stringify({ id: postId }), ...init, headers: { ...auth(token), 'content-type': 'application/json', ...init.headers } })
const likes = async () => (await apps.all.engines.db.db.query.likes.findMany({ columns: { userId: true } })).length
const posts = async () => (await apps.all.engines.db.db.query.posts.findMany({ columns: { id: true } })).length

type TrpcError = { error: { message: string; data: { code: string; httpStatus: number; path: string } } }
/** A refusal as a client sees it: 421, JSON, and a message that names the role and where to go. */
function expectMisdirected(res: Awaited<ReturnType<typeof call>>, role: Role, trpcPath?: string) {
  expect(res.status, res.text).toBe(421)
  expect(res.type).toMatch(/^application\/json/)
  expect(res.text).toContain(`This server runs ROLE=${role}`)
  if (trpcPath) {
    const { error } = res.body as TrpcError
    expect(error.data).toMatchObject({ path: trpcPath, httpStatus: 421 })
  }
}

const SERVES = {
  all: { reads: true, writes: true },
  read: { reads: true, writes: false },
  write: { reads: false, writes: true },
  worker: { reads: false, writes: false },
} satisfies Record<Role, { reads: boolean; writes: boolean }>

describe.each(ROLES)('ROLE=%s', (role) => {
  const { reads, writes } = SERVES[role]

  it('answers /healthz with its role, and /readyz', async () => {
    const health = await call(`${base[role]}/healthz`)
    expect(health.status).toBe(200)
    expect(health.body).toEqual({ ok: true, role })
    expect((await call(`${base[role]}/readyz`)).status).toBe(200)
  })

  it(`${reads ? 'serves' : 'refuses'} a GET query`, async () => {
    const res = await call(`${base[role]}/trpc/post.byId?input=${encodeURIComponent(JSON.stringify({ id: postId }))}`, { headers: auth(people[role]) })
    if (reads) expect((res.body as { result: { data: { id: string } } }).result.data.id).toBe(postId)
    else expectMisdirected(res, role, 'post.byId')
  })

  it(`${writes ? 'serves' : 'refuses'} a mutation`, async () => {
    const before = await likes()
    const res = await like(base[role], people[role])
    if (writes) expect(res.status, res.text).toBe(200)
    else expectMisdirected(res, role, 'post.like')
    expect(await likes()).toBe(before + (writes ? 1 : 0))
  })

  it(`${writes ? 'serves' : 'refuses'} a photo upload`, async () => {
    const before = await posts()
    const res = await upload(base[role], people[role])
    if (writes) expect(res.status, res.text).toBe(200)
    else expectMisdirected(res, role, 'post.create')
    expect(await posts()).toBe(before + (writes ? 1 : 0))
  })

  it(`${reads ? 'serves' : 'refuses'} media`, async () => {
    const res = await fetch(`${base[role]}${mediaUrl}`)
    if (reads) {
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^image\//)
    } else {
      expectMisdirected({ status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), body: null }, role)
    }
  })

  it(`${reads ? 'serves' : 'refuses'} the web app and its assets`, async () => {
    const page = await call(`${base[role]}/`, { headers: { accept: 'text/html' } })
    const profile = await call(`${base[role]}/roles.owner`, { headers: { accept: 'text/html' } })
    if (reads) {
      expect(page.status).toBe(200)
      expect(page.text).toContain('<!doctype html>')
      expect(profile.status).toBe(200)
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)![1]!
      expect((await call(`${base[role]}${asset}`)).status).toBe(200)
    } else {
      expectMisdirected(page, role)
      expectMisdirected(profile, role)
    }
  })
})

describe('a read process runs no mutation, however it is asked', () => {
  const input = () => encodeURIComponent(JSON.stringify({ id: postId }))
  it.each([
    ['a GET that names a mutation', () => call(`${base.read}/trpc/post.like?input=${input()}`, { headers: auth(owner) })],
    ['a GET with ?method=POST', () => call(`${base.read}/trpc/post.like?method=POST&input=${input()}`, { headers: auth(owner) })],
    ['a GET whose path is percent-encoded', () => call(`${base.read}/trpc/post%2Elike?input=${input()}`, { headers: auth(owner) })],
    ['a HEAD that names a mutation', () => call(`${base.read}/trpc/post.like?input=${input()}`, { method: 'HEAD', headers: auth(owner) })],
    ['a POST with X-HTTP-Method-Override: GET', () => like(base.read, owner, { headers: { 'x-http-method-override': 'GET' } })],
    ['a POST with ?method=GET', () => call(`${base.read}/trpc/post.like?method=GET`, { method: 'POST', body: JSON.stringify({ id: postId }), headers: { ...auth(owner), 'content-type': 'application/json' } })],
    ['a query tunnelled in a POST', () => call(`${base.read}/trpc/post.byId`, { method: 'POST', body: JSON.stringify({ id: postId }), headers: { ...auth(owner), 'content-type': 'application/json' } })],
  ])('refuses %s with 421', async (_name, send) => {
    const before = await likes()
    const res = await send()
    expect(res.status).toBe(421)
    expect(await likes()).toBe(before)
  })

  it('refuses a batch that slips a mutation among queries, call by call', async () => {
    const res = await call(`${base.read}/trpc/post.byId,post.like?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { id: postId }, 1: { id: postId } }))}`, {
      headers: auth(owner),
    })
    expect(res.status).toBe(421)
    const answers = res.body as TrpcError[]
    expect(answers.map((a) => a.error.data.path)).toEqual(['post.byId', 'post.like'])
    expect(answers[0]!.error.message).toBe('This server runs ROLE=read: mutations and uploads go to the write pool')
  })

  it('has no upload route at all, so it never needs a scratch folder to spool uploads to', () => {
    expect(apps.read.server.hasDecorator('uploadAdmission')).toBe(false)
    expect(apps.write.server.hasDecorator('uploadAdmission')).toBe(true)
  })
})

describe('a worker process', () => {
  it('refuses any other path, not only the product', async () => {
    expectMisdirected(await call(`${base.worker}/no/such/page`), 'worker')
  })
})

it('refuses to start a serving role without Redis, where its jobs would run in the serving process', () => {
  for (const role of ['read', 'write', 'worker']) {
    expect(() => loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(32), ROLE: role })).toThrow(ConfigError)
  }
  expect(loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(32), ROLE: 'all' }).ROLE).toBe('all')
})
