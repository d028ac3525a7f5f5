// Password reset by mail, through a real SMTP server started here: request, read the mail, follow the link.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestApp, testClock, type TestApp } from './testing/harness.ts'
import { resetLinkIn, startSmtp } from './testing/smtp.ts'

let t: TestApp
let smtp: Awaited<ReturnType<typeof startSmtp>>
const clock = testClock()
beforeAll(async () => {
  smtp = await startSmtp()
  t = await startTestApp({ redis: true, clock, env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://mosaic.example', MAIL_FROM: 'Mosaic <hello@mosaic.example>' } })
})
afterAll(async () => {
  await t?.close()
  await smtp?.close()
})

const emailOf = (username: string) => `${username}@example.test`

async function requestLink(username: string) {
  await expect((await t.caller()).auth.requestPasswordReset({ email: emailOf(username).toUpperCase() })).resolves.toEqual({ ok: true })
  const mail = await smtp.next(emailOf(username))
  return { mail, token: resetLinkIn(mail).searchParams.get('token')! }
}

it('mails a one-time link that sets a new password and signs every session out', async () => {
  const u = await t.user()
  const { mail, token } = await requestLink(u.username)
  expect(mail.subject).toBe('Reset your Mosaic password')
  expect(resetLinkIn(mail).origin).toBe('https://mosaic.example')
  expect(mail.raw).toMatch(/^From: Mosaic <hello@mosaic\.example>/m)
  expect(mail.text).toContain(`@${u.username}`)

  const anon = await t.caller()
  await expect(anon.auth.resetPassword({ token, newPassword: 'reset passphrase one' })).resolves.toEqual({ ok: true })
  // A caller is built per request: a fresh one with the old token is refused.
  await expect((await t.caller(u.token)).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  await expect(anon.auth.signIn({ login: u.username, password: 'reset passphrase one' })).resolves.toHaveProperty('token')

  // One use only.
  await expect(anon.auth.resetPassword({ token, newPassword: 'reset passphrase two' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/invalid or has expired/) })
  await expect(anon.auth.signIn({ login: u.username, password: 'reset passphrase one' })).resolves.toHaveProperty('token')
})

it('of two uses of one link racing, exactly one sets the password', async () => {
  const u = await t.user()
  const { token } = await requestLink(u.username)
  const anon = await t.caller()
  const results = await Promise.allSettled(['racing passphrase a', 'racing passphrase b'].map((newPassword) => anon.auth.resetPassword({ token, newPassword })))
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  const winner = results[0]!.status === 'fulfilled' ? 'racing passphrase a' : 'racing passphrase b'
  await expect(anon.auth.signIn({ login: u.username, password: winner })).resolves.toHaveProperty('token')
})

it('a link older than an hour, or a made-up one, changes nothing', async () => {
  const u = await t.user()
  const { token } = await requestLink(u.username)
  const anon = await t.caller()
  await expect(anon.auth.resetPassword({ token: 'A'.repeat(43), newPassword: 'made up passphrase' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  await expect(anon.auth.resetPassword({ token: 'short', newPassword: 'made up passphrase' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })

  clock.advance(3600_000 + 1000)
  try {
    await expect(anon.auth.resetPassword({ token, newPassword: 'too late passphrase' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  } finally {
    clock.set(Date.now())
  }
  await expect((await t.caller(u.token)).auth.me()).resolves.toMatchObject({ id: u.id })
  await expect(anon.auth.signIn({ login: u.username, password: 'correct horse battery' })).resolves.toHaveProperty('token')
})

it('answers the same for an address with no account, and mails nothing to it', async () => {
  const u = await t.user()
  const anon = await t.caller()
  const unknown = await anon.auth.requestPasswordReset({ email: 'nobody-here@example.test' })
  const known = await anon.auth.requestPasswordReset({ email: emailOf(u.username) })
  expect(unknown).toEqual(known)
  // The known address's mail arrives; by then the unknown one's would have been sent before it.
  await smtp.next(emailOf(u.username))
  await new Promise((r) => setTimeout(r, 300))
  expect(smtp.mails.some((m) => m.to.includes('nobody-here@example.test'))).toBe(false)
})

it('a link mailed before a password change stops working', async () => {
  const u = await t.user()
  const { token } = await requestLink(u.username)
  await u.api.auth.changePassword({ oldPassword: 'correct horse battery', newPassword: 'changed in settings' })
  await expect((await t.caller()).auth.resetPassword({ token, newPassword: 'reset passphrase' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
})

it('requests are rate limited per address', async () => {
  const anon = await t.caller()
  let refused = null
  for (let i = 0; i < 12 && !refused; i++) {
    refused = await anon.auth.requestPasswordReset({ email: `flood${i}@example.test` }).then(
      () => null,
      (e: unknown) => e,
    )
  }
  expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS' })
})
