import type { Mailer } from '@mosaic/core'
import nodemailer from 'nodemailer'
import type { Config } from './config.ts'

type MailLog = { error(obj: object, msg: string): void; warn(obj: object, msg: string): void }

/**
 * Mail through SMTP_URL with nodemailer. Without SMTP_URL mail is off: each message is logged as
 * not sent (never with its content, which may hold a one-time link), and operators hand out reset
 * links with `pnpm admin reset-link <username>`.
 */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>, log: MailLog): Mailer & { close(): void } {
  const transport = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : null
  return {
    async send(message) {
      if (!transport) {
        log.warn({ subject: message.subject }, 'mail is off (no SMTP_URL): not sent; `pnpm admin reset-link <username>` prints a reset link')
        return
      }
      try {
        await transport.sendMail({ from: config.MAIL_FROM, ...message })
      } catch (err) {
        log.error({ err, subject: message.subject }, 'mail could not be sent')
      }
    },
    failed(err, what) {
      log.error({ err }, `${what} failed`)
    },
    close() {
      transport?.close()
    },
  }
}
