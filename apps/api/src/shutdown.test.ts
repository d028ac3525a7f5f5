// The built server, as `pnpm start` runs it, told to stop while an upload is stuck mid-body:
// graceful shutdown waits at most SHUTDOWN_GRACE_MS, then closes what is left and exits.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createTestDatabase, type TestDatabase } from '@mosaic/db/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { partHead, rawRequest, uploadHeaders, within } from './testing/raw-http.ts'

const MAIN = path.resolve(import.meta.dirname, '../dist/main.js')
const GRACE_MS = 1000

let db: TestDatabase
let dataDir: string
let child: ChildProcess | null = null
beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`pnpm build\` first`)
  db = await createTestDatabase()
  dataDir = mkdtempSync(path.join(tmpdir(), 'mosaic-shutdown-'))
})
afterAll(async () => {
  child?.kill('SIGKILL')
  await db.drop()
  rmSync(dataDir, { recursive: true, force: true })
})

it('a server holding a stuck upload exits within its shutdown deadline after SIGTERM', { timeout: 60_000 }, async () => {
  const proc = spawn(process.execPath, [MAIN], {
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      // The stuck upload must not be ended by the idle timeout: only the shutdown deadline may end it.
      HTTP_IDLE_TIMEOUT_MS: '600000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child = proc
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  const base = await new Promise<string>((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const port = /localhost:(\d+)/.exec(out)?.[1]
      if (port) resolve(`http://127.0.0.1:${port}`)
    })
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening: ${out}`)))
  })

  const signUp = await fetch(`${base}/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'stuck.uploader', email: 'stuck@example.test', password: 'correct horse battery' }),
  })
  const { token } = ((await signUp.json()) as { result: { data: { token: string } } }).result.data

  const stuck = rawRequest(base, { path: '/trpc/post.create', headers: uploadHeaders(token, 10_000_000) })
  await stuck.write(Buffer.concat([partHead('files', 'stuck.png'), Buffer.alloc(100_000, 1)]))
  await new Promise((resolve) => setTimeout(resolve, 300))

  proc.kill('SIGTERM')
  // Well within the 15 s that today's hard stop allows: the deadline, then closing what is left.
  const code = await within(exited, GRACE_MS + 4000)
  expect(code).not.toBeNull()
  expect(proc.exitCode).toBe(0)
  stuck.destroy()
})
