// Operator commands: `pnpm --filter @mosaic/api cli <command>` (or `node apps/api/dist/cli.js <command>`).
import { adminSubcommands, runAdmin } from './admin.cli.ts'
import { ConfigError, loadConfig } from './config.ts'
import { posts } from '@mosaic/core'
import { createApp } from './app.ts'
import { openEngines } from './engines.ts'
import { paths } from './paths.ts'
import { seed, SEED_PASSWORD } from './seed/seed.ts'

const commands: Record<string, { help: string; run(args: string[]): Promise<void> }> = {
  migrate: {
    help: 'apply pending database migrations and exit',
    async run() {
      const engines = await openEngines(loadConfig())
      console.log(`migrations applied (${engines.db.kind})`)
      await engines.close()
    },
  },
  seed: {
    help: 'seed a realistic dataset: --users N (default 1000) --posts M (default 10000) --readers R (timelines to build, default 1000)',
    async run(args) {
      const flag = (name: string, fallback: number) => {
        const i = args.indexOf(`--${name}`)
        const v = i >= 0 ? Number(args[i + 1]) : fallback
        if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} takes a whole number`)
        return v
      }
      const opts = { users: flag('users', 1000), posts: flag('posts', 10_000), readers: flag('readers', 1000) }
      const config = loadConfig()
      const app = await createApp({ ...config, ROLE: 'read' }, { webDist: null })
      console.log(`seeding ${opts.users.toLocaleString()} users and ${opts.posts.toLocaleString()} posts (${app.engines.db.kind}${app.engines.redis ? ', Redis' : ''})`)
      const t0 = performance.now()
      const result = await seed(app.deps, { ...opts, fixtures: paths.fixtures, log: console.log })
      console.log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s; every seeded account signs in with password "${SEED_PASSWORD}" (e.g. ${result.readers[0]?.username ?? 'user1'})`)
      await app.close()
    },
  },
  admin: {
    help: `the operator's account tools: ${Object.values(adminSubcommands).map((c) => c.usage).join(' | ')}`,
    async run(args) {
      const config = loadConfig()
      const engines = await openEngines(config)
      try {
        console.log(await runAdmin({ db: engines.db.db, publicUrl: config.publicUrl }, args))
      } catch (err) {
        // A wrong subcommand or an unknown account is the operator's typo: say so, without a stack.
        console.error(err instanceof Error ? err.message : err)
        process.exitCode = 1
      } finally {
        await engines.close()
      }
    },
  },
  sweep: {
    help: `delete blobs and media rows no post or story references, once older than the grace period: --grace-seconds N (default ${posts.SWEEP_GRACE_SECONDS})`,
    async run(args) {
      // A grace period of 0 is only safe while no upload is in flight (the drills run it after their soak).
      const i = args.indexOf('--grace-seconds')
      const graceSeconds = i >= 0 ? Number(args[i + 1]) : posts.SWEEP_GRACE_SECONDS
      if (!Number.isInteger(graceSeconds) || graceSeconds < 0) throw new Error('--grace-seconds takes a whole number of seconds')
      const engines = await openEngines(loadConfig())
      console.log(JSON.stringify(await posts.sweepOrphans({ db: engines.db.db, storage: engines.storage }, { graceSeconds })))
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
