// A real SMTP server for tests (smtp-server): the app sends through SMTP_URL, tests read what arrived.
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export type ReceivedMail = { to: string[]; raw: string; subject: string; text: string }

/** Quoted-printable bodies (what nodemailer sends for long lines) back to plain text. */
function decodeQuotedPrintable(body: string) {
  return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

function parse(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const body = raw.slice(split + 4)
  const header = (name: string) => new RegExp(`^${name}: *(.*)$`, 'im').exec(head)?.[1]?.trim() ?? ''
  const qp = /quoted-printable/i.test(header('Content-Transfer-Encoding'))
  const b64 = /base64/i.test(header('Content-Transfer-Encoding'))
  const text = qp ? decodeQuotedPrintable(body) : b64 ? Buffer.from(body, 'base64').toString('utf8') : body
  return { to, raw, subject: header('Subject'), text }
}

export async function startSmtp() {
  const mails: ReceivedMail[] = []
  const waiting: Array<() => void> = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        mails.push(parse(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)))
        for (const wake of waiting.splice(0)) wake()
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** The next mail to `address` that has not been taken yet (waits up to `ms`). */
    async next(address: string, ms = 10_000): Promise<ReceivedMail> {
      const deadline = Date.now() + ms
      for (;;) {
        const i = mails.findIndex((m) => m.to.includes(address))
        if (i >= 0) return mails.splice(i, 1)[0]!
        if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${ms} ms`)
        await new Promise<void>((resolve) => {
          waiting.push(resolve)
          setTimeout(resolve, 100)
        })
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The reset link a mail carries. */
export function resetLinkIn(mail: ReceivedMail): URL {
  const m = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text)
  if (!m) throw new Error(`no reset link in: ${mail.text}`)
  return new URL(m[0])
}
