// Account settings from the outside: change password, sessions, change email, blocked accounts.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { auth, memoryAdapters } from '@mosaic/core'
import { eq, schema } from '@mosaic/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'

let t: TestApp
beforeAll(async () => {
  // With Redis, so revoked sessions must leave its session cache too.
  t = await startTestApp({ redis: true, env: { LIMIT_SIGNIN_PER_ACCOUNT_ADDRESS: '4' } })
})
afterAll(() => t?.close())

const PASSWORD = 'correct horse battery'

/** Signs in over HTTP as a given browser, as the web app does. */
async function signInAs(username: string, userAgent: string, password = PASSWORD) {
  const res = await t.app.server.inject({
    method: 'POST',
    url: '/trpc/auth.signIn',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    payload: JSON.stringify({ login: username, password }),
  })
  expect(res.statusCode).toBe(200)
  return res.json().result.data.token as string
}

const meOverHttp = (token: string) => t.app.server.inject({ url: '/trpc/auth.me', headers: { authorization: `Bearer ${token}` } })

const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'
const MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15'

describe('auth.changePassword', () => {
  it('signs out every other session at once, keeps this one, and the new password signs in', async () => {
    const u = await t.user()
    const phone = await signInAs(u.username, ANDROID)
    const laptop = await signInAs(u.username, MAC)
    // Both sessions are in the Redis cache now.
    for (const token of [phone, laptop]) expect((await meOverHttp(token)).json().result.data.id).toBe(u.id)

    const phoneApi = await t.caller(phone)
    await expect(phoneApi.auth.changePassword({ oldPassword: PASSWORD, newPassword: 'a brand new passphrase' })).resolves.toEqual({ ok: true })

    expect((await meOverHttp(laptop)).statusCode).toBe(401)
    expect((await meOverHttp(u.token)).statusCode).toBe(401)
    expect((await meOverHttp(phone)).json().result.data.id).toBe(u.id)
    const anon = await t.caller()
    await expect(anon.auth.signIn({ login: u.username, password: PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect(anon.auth.signIn({ login: u.username, password: 'a brand new passphrase' })).resolves.toHaveProperty('token')
  })

  it('a wrong old password is refused with a clear error and changes nothing', async () => {
    const u = await t.user()
    const other = await signInAs(u.username, MAC)
    await expect(u.api.auth.changePassword({ oldPassword: 'not my password', newPassword: 'another passphrase' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'That password is incorrect',
    })
    expect((await meOverHttp(other)).statusCode).toBe(200)
    await expect((await t.caller()).auth.signIn({ login: u.username, password: PASSWORD })).resolves.toHaveProperty('token')
  })

  it('wrong old passwords are rate limited like sign-in', async () => {
    const u = await t.user()
    for (let i = 0; i < 4; i++) await expect(u.api.auth.changePassword({ oldPassword: `guess ${i}`, newPassword: 'another passphrase' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(u.api.auth.changePassword({ oldPassword: PASSWORD, newPassword: 'another passphrase' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    // Sign-in shares the allowance: the guesses were spent on the account.
    await expect((await t.caller()).auth.signIn({ login: u.username, password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
  })

  it('a new password too short is a bad request', async () => {
    const u = await t.user()
    await expect(u.api.auth.changePassword({ oldPassword: PASSWORD, newPassword: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})

describe('auth.sessions and auth.revokeSession', () => {
  it('lists only my live sessions with their device, marking the current one', async () => {
    const u = await t.user()
    const stranger = await t.user()
    const phone = await signInAs(u.username, ANDROID)
    const gone = await signInAs(u.username, MAC)
    await (await t.caller(gone)).auth.signOut()

    const list = await (await t.caller(phone)).auth.sessions()
    expect(list).toHaveLength(2)
    const current = list.find((s) => s.current)
    expect(current?.userAgent).toBe(ANDROID)
    expect(list.filter((s) => s.current)).toHaveLength(1)
    expect(list.some((s) => s.userAgent === MAC)).toBe(false)
    for (const s of list) expect(Date.parse(s.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(s.createdAt))
    const strangers = await stranger.api.auth.sessions()
    expect(strangers.map((s) => s.id)).not.toContain(current?.id)
  })

  it('revokes my own other session at once, and refuses someone else’s session id as missing', async () => {
    const u = await t.user()
    const stranger = await t.user()
    const laptop = await signInAs(u.username, MAC)
    expect((await meOverHttp(laptop)).statusCode).toBe(200)
    const laptopId = (await u.api.auth.sessions()).find((s) => s.userAgent === MAC)!.id

    await expect(stranger.api.auth.revokeSession({ id: laptopId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await meOverHttp(laptop)).statusCode).toBe(200)

    await expect(u.api.auth.revokeSession({ id: laptopId })).resolves.toEqual({ ok: true })
    expect((await meOverHttp(laptop)).statusCode).toBe(401)
    await expect(u.api.auth.revokeSession({ id: laptopId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(u.api.auth.revokeSession({ id: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect((await u.api.auth.sessions()).map((s) => s.current)).toEqual([true])
  })

  it('needs a session', async () => {
    await expect((await t.caller()).auth.sessions()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('moves lastUsedAt at most once a minute, on the lookups that read Postgres', async () => {
    const u = await t.user()
    const { sessions } = schema
    const db = t.app.deps.db
    const uncached = { db, sessionCache: memoryAdapters.createUncachedSessions() }
    const lastUsed = async () => (await db.select({ at: sessions.lastUsedAt }).from(sessions).where(eq(sessions.userId, u.id)))[0]!.at.getTime()
    const old = new Date(Date.now() - 5 * 60_000)
    await db.update(sessions).set({ lastUsedAt: old }).where(eq(sessions.userId, u.id))

    await auth.resolveSession(uncached, u.token)
    const touched = await lastUsed()
    expect(touched).toBeGreaterThan(old.getTime() + 4 * 60_000)
    await auth.resolveSession(uncached, u.token)
    await auth.resolveSession(uncached, u.token)
    expect(await lastUsed()).toBe(touched)
  })
})

describe('user.changeEmail', () => {
  it('changes the address I sign in with, after the password', async () => {
    const u = await t.user()
    await expect(u.api.user.changeEmail({ email: 'New.Address@Example.test', password: PASSWORD })).resolves.toEqual({ ok: true })
    await expect((await t.caller()).auth.signIn({ login: 'new.address@example.test', password: PASSWORD })).resolves.toHaveProperty('token')
  })

  it('an address another account holds is a conflict; a wrong password is refused; nothing changes', async () => {
    const u = await t.user()
    const other = await t.user()
    await expect(u.api.user.changeEmail({ email: `${other.username}@example.test`, password: PASSWORD })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(u.api.user.changeEmail({ email: 'fresh@example.test', password: 'wrong password' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(u.api.user.changeEmail({ email: 'not an email', password: PASSWORD })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect((await t.caller()).auth.signIn({ login: `${u.username}@example.test`, password: PASSWORD })).resolves.toHaveProperty('token')
  })
})

describe('user.blocked', () => {
  it('pages my own blocks, newest first, and unblock takes one off', async () => {
    const me = await t.user()
    const stranger = await t.user()
    const blocked = [await t.user(), await t.user(), await t.user()]
    for (const b of blocked) await me.api.user.block({ username: b.username })
    await stranger.api.user.block({ username: me.username })

    const first = await me.api.user.blocked({ limit: 2 })
    expect(first.items.map((x) => x.username)).toEqual([blocked[2]!.username, blocked[1]!.username])
    const second = await me.api.user.blocked({ limit: 2, cursor: first.nextCursor })
    expect(second.items.map((x) => x.username)).toEqual([blocked[0]!.username])
    expect(second.nextCursor).toBeNull()

    await me.api.user.unblock({ username: blocked[1]!.username })
    expect((await me.api.user.blocked({})).items.map((x) => x.username)).toEqual([blocked[2]!.username, blocked[0]!.username])
    // Someone blocking me is not in my list, and my list is not in theirs.
    expect((await stranger.api.user.blocked({})).items.map((x) => x.username)).toEqual([me.username])
    await expect((await t.caller()).user.blocked({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })
})

describe('password reset without mail', () => {
  const CLI = path.resolve(import.meta.dirname, '../dist/cli.js')

  it('still answers ok, and `admin reset-link` prints a one-time link that works', { timeout: 60_000 }, async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first`)
    const u = await t.user()
    const anon = await t.caller()
    await expect(anon.auth.requestPasswordReset({ email: `${u.username}@example.test` })).resolves.toEqual({ ok: true })

    const env = { DATABASE_URL: t.config.DATABASE_URL!, DATA_DIR: t.config.DATA_DIR, PUBLIC_URL: 'https://photos.example/', LOG_LEVEL: 'silent' }
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'admin', 'reset-link', u.username], { env })
    const link = new URL(stdout.trim())
    expect(`${link.origin}${link.pathname}`).toBe('https://photos.example/reset-password')
    const token = link.searchParams.get('token')!
    await expect(anon.auth.resetPassword({ token, newPassword: 'from the operator' })).resolves.toEqual({ ok: true })
    await expect(anon.auth.resetPassword({ token, newPassword: 'from the operator 2' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(anon.auth.signIn({ login: u.username, password: 'from the operator' })).resolves.toHaveProperty('token')

    await expect(promisify(execFile)(process.execPath, [CLI, 'admin', 'reset-link', 'no.such.user'], { env })).rejects.toMatchObject({ code: 1 })
  })
})
