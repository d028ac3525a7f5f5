// Operator commands: `pnpm --filter @mosaic/api cli <command>` (or `node apps/api/dist/cli.js <command>`).
import { ConfigError, loadConfig } from './config.ts'
import { posts } from '@mosaic/core'
import { openEngines } from './engines.ts'

const commands: Record<string, { help: string; run(args: string[]): Promise<void> }> = {
  migrate: {
    help: 'apply pending database migrations and exit',
    async run() {
      const engines = await openEngines(loadConfig())
      console.log(`migrations applied (${engines.db.kind})`)
      await engines.close()
    },
  },
  sweep: {
    help: 'delete blobs and media rows no post or story references (older than the grace period)',
    async run() {
      const engines = await openEngines(loadConfig())
      console.log(await posts.sweepOrphans({ db: engines.db.db, storage: engines.storage }))
      await engines.close()
    },
  },
}

async function main() {
  const [name, ...args] = process.argv.slice(2)
  const command = name ? commands[name] : undefined
  if (!command) {
    console.log('usage: cli <command>\n' + Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.help}`).join('\n'))
    process.exit(name ? 1 : 0)
  }
  await command.run(args)
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
})
