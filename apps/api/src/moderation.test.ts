// Reports, admins and comments turned off, seen from the outside: who may report what, who may read
// the reports, and what turning comments off refuses.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { eq, schema } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAdmin } from './admin.cli.ts'
import { FIXTURES, startTestApp, type TestApp } from './testing/harness.ts'
import { type Role, viewersOf } from './testing/viewers.ts'

type Person = Awaited<ReturnType<TestApp['user']>>

let t: TestApp
let pub: { owner: Person; postId: string; tokens: Record<Role, string | undefined> }
let priv: { owner: Person; postId: string; tokens: Record<Role, string | undefined> }
let admin: Person

async function postBy(owner: Person, photo: string, caption: string) {
  const form = new FormData()
  form.append('files', new File([readFileSync(path.join(FIXTURES, photo))], photo))
  form.append('caption', caption)
  return (await owner.api.post.create(form)).id
}

beforeAll(async () => {
  t = await startTestApp()
  const pubOwner = await t.user('mod.public')
  const privOwner = await t.user('mod.private')
  const pubPost = await postBy(pubOwner, 'flowers.jpeg', 'public flowers')
  const privPost = await postBy(privOwner, 'Landscape_9.jpg', 'private landscape')
  await privOwner.api.user.update({ isPrivate: true })
  pub = { owner: pubOwner, postId: pubPost, tokens: await viewersOf(t, 'modpub', pubOwner, { isPrivate: false }) }
  priv = { owner: privOwner, postId: privPost, tokens: await viewersOf(t, 'modpriv', privOwner, { isPrivate: true }) }
  admin = await t.user('mod.admin')
})
afterAll(() => t.close())

const db = () => t.app.engines.db.db
const reportRows = (postId: string) => db().select().from(schema.reports).where(eq(schema.reports.postId, postId))
const as = async (token: string | undefined) => t.caller(token)

describe('post.report', () => {
  it('a stranger reports a public post once, however often they ask', async () => {
    const stranger = await as(pub.tokens.stranger)
    await expect(stranger.post.report({ id: pub.postId, reason: 'Spam' })).resolves.toEqual({ ok: true })
    await expect(stranger.post.report({ id: pub.postId, reason: 'Scam or fraud' })).resolves.toEqual({ ok: true })
    const rows = await reportRows(pub.postId)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.reason).toBe('Spam')
  })

  it('a follower of a private account may report its post; a stranger gets NOT_FOUND and nothing is written', async () => {
    await expect((await as(priv.tokens.follower)).post.report({ id: priv.postId, reason: 'Bullying or harassment' })).resolves.toEqual({ ok: true })
    for (const role of ['stranger', 'pending', 'blocked', 'blocker'] as const) {
      await expect((await as(priv.tokens[role])).post.report({ id: priv.postId, reason: 'Spam' }), role).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
    expect(await reportRows(priv.postId)).toHaveLength(1)
  })

  it('someone blocked by the author, or blocking them, cannot report the post', async () => {
    for (const role of ['blocked', 'blocker'] as const) {
      await expect((await as(pub.tokens[role])).post.report({ id: pub.postId, reason: 'Spam' }), role).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
  })

  it('asks for a session, a reason, and someone else’s post', async () => {
    await expect((await as(undefined)).post.report({ id: pub.postId, reason: 'Spam' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect((await as(pub.tokens.follower)).post.report({ id: pub.postId, reason: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect((await as(pub.tokens.follower)).post.report({ id: pub.postId, reason: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(pub.owner.api.post.report({ id: pub.postId, reason: 'Spam' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect((await as(pub.tokens.follower)).post.report({ id: '0190c8a0-0000-7000-8000-000000000000', reason: 'Spam' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('admins', () => {
  it('only an admin reads the reports; the CLI names and unnames one', async () => {
    await expect(admin.api.admin.reports({})).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(pub.owner.api.admin.reports({})).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect((await as(undefined)).admin.reports({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' })

    expect(await runAdmin({ db: db(), publicUrl: 'http://localhost' }, ['grant', admin.username])).toBe(`@${admin.username} is now an admin`)
    const page = await admin.api.admin.reports({})
    // newest first: the private post's report came after the public one's
    expect(page.items.map((r) => [r.post.id, r.reason])).toEqual([
      [priv.postId, 'Bullying or harassment'],
      [pub.postId, 'Spam'],
    ])
    expect(page.items[1]!.reporter.username).toBe('modpub.stranger')
    expect(page.items[0]!.post.media[0]!.urls.thumb).toContain('sig=')
    expect(page.nextCursor).toBeNull()

    const first = await admin.api.admin.reports({ limit: 1 })
    const second = await admin.api.admin.reports({ limit: 1, cursor: first.nextCursor })
    expect([...first.items, ...second.items].map((r) => r.id)).toEqual(page.items.map((r) => r.id))
    expect(second.nextCursor).toBeNull()

    await runAdmin({ db: db(), publicUrl: 'http://localhost' }, ['revoke', admin.username])
    await expect(admin.api.admin.reports({})).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('the admin flag is told to its owner alone', async () => {
    await runAdmin({ db: db(), publicUrl: 'http://localhost' }, ['grant', admin.username])
    expect(await admin.api.auth.me()).toMatchObject({ username: admin.username, isAdmin: true })
    expect(await pub.owner.api.auth.me()).toMatchObject({ isAdmin: false })
    const seen = await pub.owner.api.user.byUsername({ username: admin.username })
    expect(JSON.stringify(seen)).not.toMatch(/admin"?:/i)
    await runAdmin({ db: db(), publicUrl: 'http://localhost' }, ['revoke', admin.username])
  })

  it('the CLI refuses an unknown account or subcommand', async () => {
    await expect(runAdmin({ db: db(), publicUrl: 'http://localhost' }, ['grant', 'nobody_here'])).rejects.toThrow(/not found/)
    await expect(runAdmin({ db: db(), publicUrl: 'http://localhost' }, ['promote', admin.username])).rejects.toThrow(/usage: admin/)
    await expect(runAdmin({ db: db(), publicUrl: 'http://localhost' }, ['grant'])).rejects.toThrow(/usage: admin grant/)
  })

  it('no procedure can make anyone an admin', async () => {
    await expect(admin.api.user.update({ isAdmin: true } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect(await admin.api.auth.me()).toMatchObject({ isAdmin: false })
  })
})

describe('comments turned off', () => {
  it('the author turns them off: comment.add is refused for everyone, the thread stays readable', async () => {
    const follower = await as(pub.tokens.follower)
    await follower.comment.add({ postId: pub.postId, text: 'before' })
    const updated = await pub.owner.api.post.update({ id: pub.postId, commentsDisabled: true })
    expect(updated.commentsDisabled).toBe(true)
    expect((await (await as(undefined)).post.byId({ id: pub.postId })).commentsDisabled).toBe(true)
    await expect(follower.comment.add({ postId: pub.postId, text: 'after' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Comments are turned off for this post' })
    await expect(pub.owner.api.comment.add({ postId: pub.postId, text: 'mine' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await follower.comment.list({ postId: pub.postId })).items.map((c) => c.text)).toEqual(['before'])

    await pub.owner.api.post.update({ id: pub.postId, commentsDisabled: false })
    await expect(follower.comment.add({ postId: pub.postId, text: 'again' })).resolves.toMatchObject({ text: 'again' })
  })

  it('only the author may turn them off', async () => {
    await expect((await as(pub.tokens.follower)).post.update({ id: pub.postId, commentsDisabled: true })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect((await as(priv.tokens.stranger)).post.update({ id: priv.postId, commentsDisabled: true })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await pub.owner.api.post.byId({ id: pub.postId })).commentsDisabled).toBe(false)
  })

  it('a blocked person still cannot comment, whether comments are on or off', async () => {
    await expect((await as(pub.tokens.blocked)).comment.add({ postId: pub.postId, text: 'hi' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
