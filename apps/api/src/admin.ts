// `pnpm admin <command>`: account administration from the operator's shell.
import { auth } from '@mosaic/core'
import { loadConfig } from './config.ts'
import { openEngines } from './engines.ts'

export const adminCommands: Record<string, { usage: string; help: string; run(args: string[]): Promise<void> }> = {
  'reset-link': {
    usage: 'reset-link <username>',
    help: `print a one-time password reset link (valid ${auth.RESET_TTL_SECONDS / 3600} h) for when mail is off`,
    async run([username]) {
      if (!username) throw new Error('usage: admin reset-link <username>')
      const config = loadConfig()
      const engines = await openEngines(config)
      try {
        const link = await auth.resetLinkFor({ db: engines.db.db, clock: { now: () => new Date() }, publicUrl: config.publicUrl }, username)
        console.log(link)
      } finally {
        await engines.close()
      }
    },
  },
}

export async function runAdmin([name, ...args]: string[]) {
  const command = name ? adminCommands[name] : undefined
  if (!command) {
    console.log('usage: admin <command>\n' + Object.values(adminCommands).map((c) => `  ${c.usage.padEnd(24)} ${c.help}`).join('\n'))
    process.exit(name ? 1 : 0)
  }
  await command.run(args)
}
