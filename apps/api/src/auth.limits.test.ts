// Sign-in and sign-up limits attacked the way an attacker would: hundreds of guesses at once,
// from one address or from many (forged X-Forwarded-For behind a trusted proxy).
import type { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './testing/harness.ts'

const PASSWORD = 'correct horse battery'

type Answer = { status: number; retryAfter: string | null; token?: string }

/** One tRPC mutation over real HTTP, as a browser or a script would send it. */
async function mutate(base: string, path: string, input: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) })
  const body = (await res.json()) as { result?: { data: { token?: string } } }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), token: body.result?.data.token }
}

const signIn = (base: string, login: string, password: string, from?: string) =>
  mutate(base, 'auth.signIn', { login, password }, from ? { 'x-forwarded-for': from } : {})

const tally = (answers: Answer[]) => {
  const by: Record<number, number> = {}
  for (const a of answers) by[a.status] = (by[a.status] ?? 0) + 1
  return by
}

const expectRetryAfter = (a: Answer) => {
  expect(a.status).toBe(429)
  expect(Number(a.retryAfter)).toBeGreaterThan(0)
  expect(Number(a.retryAfter)).toBeLessThanOrEqual(15 * 60)
}

describe('sign-in limits at the defaults (Redis)', () => {
  let t: TestApp
  let base: string
  beforeAll(async () => {
    t = await startTestApp({ redis: true })
    base = await t.listen()
  })
  afterAll(() => t?.close())

  it('300 parallel wrong passwords on one account: at most 10 are checked, the rest answered 429 with Retry-After', async () => {
    await t.user('target300')
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => signIn(base, i % 2 ? 'target300' : 'target300@example.test', `guess ${i}`)))
    const by = tally(answers)
    expect(by[401] ?? 0).toBeLessThanOrEqual(10)
    expect((by[401] ?? 0) + (by[429] ?? 0)).toBe(300)
    for (const a of answers.filter((x) => x.status === 429)) expectRetryAfter(a)
  })
})

describe('the right password inside a burst (defaults, Redis)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ redis: true })
  })
  afterAll(() => t?.close())

  // Through the router in-process, so the attempts start in exactly this order: the right
  // password is the last of 60 guesses that are all in flight at once.
  it('the right password at the end of a burst of guesses is refused, not signed in', async () => {
    await t.user('burstee')
    const anon = await t.caller()
    const answers = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => anon.auth.signIn({ login: 'burstee', password: i === 59 ? PASSWORD : `guess ${i}` })))
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(0)
    const codes = answers.map((a) => (a.status === 'rejected' ? (a.reason as TRPCError).code : 'OK'))
    expect(codes[59]).toBe('TOO_MANY_REQUESTS')
    expect(codes.filter((c) => c === 'UNAUTHORIZED').length).toBeLessThanOrEqual(10)
  })
})

describe('sign-in limits per (account, address), per account and per address', () => {
  let t: TestApp
  let base: string
  beforeAll(async () => {
    t = await startTestApp({
      redis: true,
      env: { TRUST_PROXY: 'true', LIMIT_SIGNIN_PER_ACCOUNT_ADDRESS: '3', LIMIT_SIGNIN_PER_ACCOUNT: '6', LIMIT_SIGNIN_PER_ADDRESS: '8' },
    })
    base = await t.listen()
  })
  afterAll(() => t?.close())

  it('guesses from one address lock that address out of the account, not the owner at home', async () => {
    await t.user('owner1')
    const guesses = await Promise.all(Array.from({ length: 3 }, (_, i) => signIn(base, i % 2 ? 'owner1' : 'owner1@example.test', `guess ${i}`, '203.0.113.7')))
    expect(tally(guesses)).toEqual({ 401: 3 })
    // Username or email, the account is the same one: the fourth guess from there is refused.
    expectRetryAfter(await signIn(base, 'OWNER1@example.test', 'guess 4', '203.0.113.7'))
    expectRetryAfter(await signIn(base, 'owner1', PASSWORD, '203.0.113.7'))
    // From the owner's own address a wrong password is still just wrong, and the right one signs in.
    expect((await signIn(base, 'owner1', 'typo', '198.51.100.20')).status).toBe(401)
    const home = await signIn(base, 'owner1', PASSWORD, '198.51.100.20')
    expect(home.status).toBe(200)
    expect(home.token).toBeTruthy()
  })

  it('guesses spread over many addresses stop at the per-account limit', async () => {
    await t.user('owner2')
    for (const from of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      const two = await Promise.all([signIn(base, 'owner2', 'guess a', from), signIn(base, 'owner2@example.test', 'guess b', from)])
      expect(tally(two)).toEqual({ 401: 2 })
    }
    expectRetryAfter(await signIn(base, 'owner2', PASSWORD, '192.0.2.4'))
  })

  it('one address spraying many accounts, known or not, stops at the per-address limit', async () => {
    const names = ['spray1', 'spray2', 'spray3', 'spray4']
    for (const n of names) await t.user(n)
    const logins = [...names, 'nobody1', 'nobody2', 'nobody3@example.test', 'nobody4']
    const answers = await Promise.all(logins.map((login) => signIn(base, login, 'Password1', '198.51.100.99')))
    expect(tally(answers)).toEqual({ 401: 8 })
    expectRetryAfter(await signIn(base, 'spray1', PASSWORD, '198.51.100.99'))
    expectRetryAfter(await signIn(base, 'nobody5', 'Password1', '198.51.100.99'))
    // Another address is not affected.
    expect((await signIn(base, 'spray1', PASSWORD, '198.51.100.100')).status).toBe(200)
  })
})

describe('without TRUST_PROXY', () => {
  let t: TestApp
  let base: string
  beforeAll(async () => {
    t = await startTestApp({ env: { LIMIT_SIGNIN_PER_ACCOUNT_ADDRESS: '3' } })
    base = await t.listen()
  })
  afterAll(() => t?.close())

  it('a forged X-Forwarded-For does not buy more guesses', async () => {
    await t.user('owner3')
    const guesses = await Promise.all(['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((from) => signIn(base, 'owner3', 'guess', from)))
    expect(tally(guesses)).toEqual({ 401: 3 })
    expectRetryAfter(await signIn(base, 'owner3', PASSWORD, '10.0.0.4'))
  })
})

describe('sign-up limits', () => {
  let t: TestApp
  let base: string
  beforeAll(async () => {
    // The harness lifts the sign-up limit for everyone else's tests; this app runs at the default.
    t = await startTestApp({ redis: true, env: { TRUST_PROXY: 'true', LIMIT_SIGNUPS_PER_HOUR: '' } })
    base = await t.listen()
  })
  afterAll(() => t?.close())

  const signUp = (name: string, from: string) =>
    mutate(base, 'auth.signUp', { username: name, email: `${name}@example.test`, password: 'long enough pw' }, { 'x-forwarded-for': from })

  it('40 parallel sign-ups from one address: 10 accounts an hour, the rest 429 with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signUp(`bulk${i}`, '198.51.100.5')))
    expect(tally(answers)).toEqual({ 200: 10, 429: 30 })
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(Number(a.retryAfter)).toBeGreaterThan(0)
      expect(Number(a.retryAfter)).toBeLessThanOrEqual(3600)
    }
    const created = await t.app.engines.db.db.query.users.findMany({ columns: { username: true } })
    expect(created.filter((u) => u.username.startsWith('bulk'))).toHaveLength(10)
    // Someone at another address is not affected.
    expect((await signUp('neighbour', '198.51.100.6')).status).toBe(200)
  })
})
