import { fork } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { S3Config } from './s3.store.ts'

export type S3rverHandle = {
  /** Ready for createS3BlobStore; the bucket does not exist yet (the store creates it). */
  config: S3Config
  /** Kills the server and deletes its files. Safe to call twice. */
  stop(): Promise<void>
}

const CHILD = fileURLToPath(new URL('./s3rver.process.mjs', import.meta.url))
const STARTUP_TIMEOUT_MS = 15_000

/**
 * Starts a real S3 HTTP server (s3rver) on 127.0.0.1, a free port and a fresh temp directory, silent.
 * It runs in a child process, patched to behave like S3 (see s3rver.process.mjs); a test run that forgets
 * `stop()` still exits, and the child follows.
 */
export async function startS3rver(opts: { bucket?: string } = {}): Promise<S3rverHandle> {
  const directory = await mkdtemp(path.join(tmpdir(), 'mosaic-s3rver-'))
  const child = fork(CHILD, [directory], {
    execArgv: ['--openssl-legacy-provider'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000)
  })

  let port: number
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`s3rver did not start within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS)
      child.once('message', (message: { port?: unknown }) => {
        clearTimeout(timer)
        if (typeof message.port === 'number') resolve(message.port)
        else reject(new Error(`s3rver sent an unexpected message: ${JSON.stringify(message)}`))
      })
      child.once('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`s3rver exited during startup (${signal ?? `code ${code}`}): ${stderr.trim()}`))
      })
    })
  } catch (err) {
    child.kill('SIGKILL')
    await rm(directory, { recursive: true, force: true })
    throw err
  }

  // Nothing here should keep a test process alive; stop() takes the references back while it waits.
  child.unref()
  child.channel?.unref()
  unrefStream(child.stderr)

  let stopped: Promise<void> | undefined
  return {
    config: {
      endPoint: '127.0.0.1',
      port,
      useSSL: false,
      accessKey: 'S3RVER',
      secretKey: 'S3RVER',
      bucket: opts.bucket ?? 'mosaic-test',
      region: 'us-east-1',
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.ref()
          const exited = new Promise((resolve) => child.once('exit', resolve))
          child.kill('SIGKILL')
          await exited
        }
        await rm(directory, { recursive: true, force: true })
      })()
      return stopped
    },
  }
}

function unrefStream(stream: unknown): void {
  ;(stream as { unref?: () => void } | null)?.unref?.()
}
