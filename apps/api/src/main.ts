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
    app.engines.redis ? (app.engines.redisClustered ? 'Redis Cluster' : 'Redis') : 'no Redis',
    app.engines.storage.kind === 's3' ? 'S3' : `media in ${config.DATA_DIR}/media`,
  ]
  if (config.ROLE === 'worker') console.log(`\n  Mosaic worker is running (${engines.join(', ')}); health on port ${port}.\n`)
  else console.log(`\n  Mosaic is running (${engines.join(', ')}, role ${config.ROLE}).\n  Open http://localhost:${port}\n`)

  // Graceful, within a deadline: in-flight requests get SHUTDOWN_GRACE_MS to finish; then every
  // connection still open is closed (their requests fail and let go of what they hold), and if
  // even that does not let the process close, it exits anyway.
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.server.log.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down: finishing in-flight requests')
    const deadline = setTimeout(() => {
      app.server.log.warn('shutdown deadline passed: closing the connections still open')
      app.server.server.closeAllConnections()
    }, config.SHUTDOWN_GRACE_MS).unref()
    const hardStop = setTimeout(() => {
      console.error('Mosaic did not close within its shutdown deadline; exiting')
      process.exit(1)
    }, config.SHUTDOWN_GRACE_MS + 5000).unref()
    await app.close()
    clearTimeout(deadline)
    clearTimeout(hardStop)
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
