import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (err) {
    if (err instanceof TRPCError) return err.code
    throw err
  }
  return 'OK'
}

const countUsers = async () => (await t.app.engines.db.db.query.users.findMany({ columns: { id: true } })).length

describe('sign up', () => {
  it('creates an account, returns a usable token, and folds the username to lower case', async () => {
    const anon = await t.caller()
    const res = await anon.auth.signUp({ username: 'Maria.Lopez', email: 'Maria@Example.test', password: 'a long password', displayName: 'María' })
    expect(res.user).toMatchObject({ username: 'maria.lopez', displayName: 'María', avatarUrl: null })
    expect(res.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const me = await (await t.caller(res.token)).auth.me()
    expect(me?.id).toBe(res.user.id)
  })

  it('refuses a username that differs only in case, and a taken email, writing nothing', async () => {
    const anon = await t.caller()
    await anon.auth.signUp({ username: 'casey', email: 'casey@example.test', password: 'password one' })
    const before = await countUsers()
    await expect(anon.auth.signUp({ username: 'CASEY', email: 'other@example.test', password: 'password one' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'That username is taken',
    })
    await expect(anon.auth.signUp({ username: 'casey2', email: 'CASEY@example.test', password: 'password one' })).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    expect(await countUsers()).toBe(before)
  })

  it('lets exactly one of two simultaneous sign-ups for the same name win', async () => {
    const anon = await t.caller()
    const results = await Promise.allSettled(
      ['race@a.test', 'race@b.test', 'race@c.test'].map((email) => anon.auth.signUp({ username: 'racer', email, password: 'password one' })),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect((r.reason as TRPCError).code).toBe('CONFLICT')
  })

  it.each([
    ['too short', { username: 'ab' }],
    ['too long', { username: 'a'.repeat(31) }],
    ['spaces', { username: 'bad name' }],
    ['SQL', { username: "x'; drop table users;--" }],
    ['HTML', { username: '<script>' }],
    ['reserved route', { username: 'explore' }],
    ['bad email', { email: 'not-an-email' }],
    ['short password', { password: 'short' }],
    ['overlong display name', { displayName: 'x'.repeat(51) }],
  ])('refuses %s with BAD_REQUEST and writes nothing', async (_, override) => {
    const before = await countUsers()
    const input = { username: 'validname', email: 'valid@example.test', password: 'long enough', ...override }
    expect(await codeOf((await t.caller()).auth.signUp(input))).toBe('BAD_REQUEST')
    expect(await countUsers()).toBe(before)
  })

  it('stores the password only as an argon2id hash', async () => {
    const u = await t.user('hashcheck')
    const row = await t.app.engines.db.db.query.users.findFirst({ where: (users, { eq }) => eq(users.id, u.id) })
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(row?.passwordHash).not.toContain('correct horse')
  })
})

describe('sign in and out', () => {
  it('signs in by username or email, case-insensitively', async () => {
    await t.user('dana')
    const anon = await t.caller()
    const a = await anon.auth.signIn({ login: 'DANA', password: 'correct horse battery' })
    const b = await anon.auth.signIn({ login: 'dana@example.test', password: 'correct horse battery' })
    expect(a.user.username).toBe('dana')
    expect(b.user.id).toBe(a.user.id)
    expect(a.token).not.toBe(b.token)
  })

  it('answers a wrong password and an unknown user alike', async () => {
    await t.user('erin')
    const anon = await t.caller()
    const wrong = anon.auth.signIn({ login: 'erin', password: 'wrong password' })
    await expect(wrong).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Incorrect username or password' })
    await expect(anon.auth.signIn({ login: 'nobody-here', password: 'wrong password' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Incorrect username or password',
    })
  })

  it('locks an account after repeated failures, even for the right password, until the window passes', async () => {
    await t.user('frank')
    const anon = await t.caller()
    for (let i = 0; i < 10; i++) await expect(anon.auth.signIn({ login: 'frank', password: `guess ${i}` })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect(anon.auth.signIn({ login: 'frank', password: 'correct horse battery' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
  })

  it('revokes the session on sign-out, refusing the token everywhere at once', async () => {
    const u = await t.user('gina')
    const other = await (await t.caller()).auth.signIn({ login: 'gina', password: 'correct horse battery' })
    await expect(u.api.auth.signOut()).resolves.toEqual({ ok: true })
    expect(await codeOf(t.caller(u.token).then((c) => c.auth.me()))).toBe('UNAUTHORIZED')
    expect(await codeOf(t.caller(u.token).then((c) => c.user.update({ bio: 'x' })))).toBe('UNAUTHORIZED')
    // Other sessions of the same person stay signed in.
    expect((await (await t.caller(other.token)).auth.me())?.username).toBe('gina')
  })

  it('refuses a forged token and treats no token as signed out', async () => {
    expect(await codeOf(t.caller('A'.repeat(43)).then((c) => c.auth.me()))).toBe('UNAUTHORIZED')
    expect(await (await t.caller()).auth.me()).toBeNull()
    expect(await codeOf((await t.caller()).auth.signOut())).toBe('UNAUTHORIZED')
  })
})

describe('profiles', () => {
  it('shows counts and the viewer relation, and lets the owner edit name, bio and privacy', async () => {
    const owner = await t.user('hana')
    const updated = await owner.api.user.update({ displayName: 'Hana K', bio: '<b>hi</b> & welcome', isPrivate: true })
    expect(updated).toMatchObject({ displayName: 'Hana K', bio: '<b>hi</b> & welcome', isPrivate: true, viewer: null })
    expect(updated.counts).toEqual({ posts: 0, followers: 0, following: 0 })

    const stranger = await t.user()
    const seen = await stranger.api.user.byUsername({ username: 'HANA' })
    expect(seen.viewer).toEqual({ follow: 'none', followsViewer: false, blocked: false })
    const anonymous = await (await t.caller()).user.byUsername({ username: 'hana' })
    expect(anonymous.viewer).toBeNull()
  })

  it('answers NOT_FOUND for an unknown username and BAD_REQUEST for unknown fields', async () => {
    const u = await t.user()
    expect(await codeOf(u.api.user.byUsername({ username: 'no.such.user' }))).toBe('NOT_FOUND')
    expect(await codeOf(u.api.user.update({ bio: 'x'.repeat(151) }))).toBe('BAD_REQUEST')
    // @ts-expect-error: the username is not editable through update
    expect(await codeOf(u.api.user.update({ username: 'hijack' }))).toBe('BAD_REQUEST')
  })

  it('requires a session to update', async () => {
    expect(await codeOf((await t.caller()).user.update({ bio: 'x' }))).toBe('UNAUTHORIZED')
  })
})
