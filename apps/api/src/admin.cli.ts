// `pnpm admin <subcommand>`: the operator's tools for accounts. Naming an admin happens here and
// nowhere else (no procedure can). A subcommand is one entry of the table below.
import { auth, moderation } from '@mosaic/core'
import type { Db } from '@mosaic/db'

export type AdminDeps = { db: Db; publicUrl: string }

type Subcommand = { usage: string; help: string; run(deps: AdminDeps, args: string[]): Promise<string> }

function username(args: string[], usage: string): string {
  const name = args[0]?.replace(/^@/, '')
  if (!name || args.length > 1) throw new Error(`usage: admin ${usage}`)
  return name
}

export const adminSubcommands: Record<string, Subcommand> = {
  grant: {
    usage: 'grant <username>',
    help: 'make the account an admin (it can read reports at /admin/reports)',
    async run(deps, args) {
      const name = await moderation.setAdmin(deps, username(args, this.usage), true)
      return `@${name} is now an admin`
    },
  },
  revoke: {
    usage: 'revoke <username>',
    help: 'take admin rights away from the account, at once',
    async run(deps, args) {
      const name = await moderation.setAdmin(deps, username(args, this.usage), false)
      return `@${name} is no longer an admin`
    },
  },
  'reset-link': {
    usage: 'reset-link <username>',
    help: `print a one-time password reset link (valid ${auth.RESET_TTL_SECONDS / 3600} h) for when mail is off`,
    async run(deps, args) {
      return auth.resetLinkFor({ db: deps.db, clock: { now: () => new Date() }, publicUrl: deps.publicUrl }, username(args, this.usage))
    },
  },
}

export const adminUsage = () =>
  'usage: admin <subcommand>\n' + Object.values(adminSubcommands).map((c) => `  ${c.usage.padEnd(24)} ${c.help}`).join('\n')

/** Runs one subcommand and returns what to print; throws with the usage on a wrong one. */
export async function runAdmin(deps: AdminDeps, args: string[]): Promise<string> {
  const [name, ...rest] = args
  const sub = name ? adminSubcommands[name] : undefined
  if (!sub) throw new Error(adminUsage())
  return sub.run(deps, rest)
}
