// Job ids in BullMQ: deduplicated for as long as a finished job is kept, or, with `pendingOnly`, only
// while one waits or runs (a reader's timeline rebuild may be needed again right after one finished).
import { randomBytes, randomUUID } from 'node:crypto'
import { createTestDatabase, testEnv, type TestDatabase } from '@mosaic/db/testing'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { jobPayloads, type JobHandlers } from '../../job-payloads.ts'
import { bullPrefix } from '../redis/keys.ts'
import { createBullQueue, startBullWorker } from './queue.ts'

const url = new URL(testEnv.redisUrl)
const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null }
const prefix = `t${randomBytes(4).toString('hex')}:`
const redis = new Redis(testEnv.redisUrl)
let testDb: TestDatabase

beforeAll(async () => {
  testDb = await createTestDatabase()
})
afterAll(async () => {
  const found = await redis.keys(`${bullPrefix(prefix)}:*`)
  if (found.length) await redis.del(...found)
  redis.disconnect()
  await testDb.drop()
})

it('runs a job again under the same id once it has finished with pendingOnly, and swallows it without', async () => {
  const ran: string[] = []
  const recorder = (name: string) => async (data: unknown) => void ran.push(`${name}:${String((data as { userId?: string }).userId)}`)
  const handlers = Object.fromEntries(Object.keys(jobPayloads).map((name) => [name, recorder(name)])) as JobHandlers
  const queue = createBullQueue({ connection, prefix, db: testDb.db })
  const worker = startBullWorker({ connection, prefix, handlers, drainLegacy: false })
  const settle = async (n: number) => {
    for (let i = 0; i < 200 && ran.length < n; i++) await new Promise((r) => setTimeout(r, 25))
    await new Promise((r) => setTimeout(r, 200)) // and nothing more comes
  }
  try {
    const [a, b] = [randomUUID(), randomUUID()]
    await queue.enqueue('feed.rebuild', { userId: a }, { jobId: `rebuild-${a}`, pendingOnly: true })
    await settle(1)
    await queue.enqueue('feed.rebuild', { userId: a }, { jobId: `rebuild-${a}`, pendingOnly: true })
    await settle(2)
    expect(ran).toEqual([`feed.rebuild:${a}`, `feed.rebuild:${a}`])

    await queue.enqueue('feed.rebuild', { userId: b }, { jobId: `rebuild-${b}` })
    await settle(3)
    await queue.enqueue('feed.rebuild', { userId: b }, { jobId: `rebuild-${b}` })
    await settle(4)
    expect(ran).toEqual([`feed.rebuild:${a}`, `feed.rebuild:${a}`, `feed.rebuild:${b}`])
  } finally {
    await worker.close()
    await queue.close()
  }
})
