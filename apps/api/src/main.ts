import { ConfigError, loadConfig } from './config.ts'
import { createApp } from './app.ts'

async function main() {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
  const app = await createApp(config)
  const address = await app.server.listen({ port: config.PORT, host: config.HOST })
  const port = new URL(address).port
  const engines = [
    app.engines.db.kind === 'pglite' ? `PGlite in ${config.DATA_DIR}/db` : 'PostgreSQL',
    app.engines.redis ? 'Redis' : 'no Redis',
    app.engines.storage.kind === 's3' ? 'S3' : `media in ${config.DATA_DIR}/media`,
  ]
  if (config.ROLE === 'worker') console.log(`\n  Mosaic worker is running (${engines.join(', ')}); health on port ${port}.\n`)
  else console.log(`\n  Mosaic is running (${engines.join(', ')}, role ${config.ROLE}).\n  Open http://localhost:${port}\n`)

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.server.log.info({ signal }, 'shutting down: finishing in-flight requests')
    const force = setTimeout(() => process.exit(1), 15_000).unref()
    await app.close()
    clearTimeout(force)
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
