// Jobs queued under BullMQ's old, untagged prefix (before `{bull}`) on a single Redis still run.
import { randomBytes, randomUUID } from 'node:crypto'
import { testEnv } from '@mosaic/db/testing'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { afterAll, expect, it } from 'vitest'
import { jobPayloads, type JobHandlers, type JobName } from '../../job-payloads.ts'
import { bullPrefix, legacyBullPrefix } from '../redis/keys.ts'
import { startBullWorker } from './queue.ts'

const url = new URL(testEnv.redisUrl)
const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null }
const prefix = `t${randomBytes(4).toString('hex')}:`
const redis = new Redis(testEnv.redisUrl)

afterAll(async () => {
  // Only this test's keys: its own random prefix.
  for (const p of [legacyBullPrefix(prefix), bullPrefix(prefix)]) {
    const found = await redis.keys(`${p}:*`)
    if (found.length) await redis.del(...found)
  }
  redis.disconnect()
})

it('runs every job still waiting or delayed under the old prefix, and new ones under the tagged one', async () => {
  const ran: string[] = []
  const recorder = (name: string) => async (data: unknown) => {
    ran.push(`${name}:${String((data as { postId?: string }).postId)}`)
  }
  const handlers = Object.fromEntries(Object.keys(jobPayloads).map((name) => [name, recorder(name)])) as JobHandlers
  const old = ['mosaic', 'mosaic-transcode'].map((name) => new Queue(name, { connection, prefix: legacyBullPrefix(prefix) }))
  const expected: string[] = []
  const job = (name: JobName) => {
    const postId = randomUUID()
    expected.push(`${name}:${postId}`)
    return { postId, authorId: randomUUID() }
  }
  // What an older version left behind: waiting jobs, a delayed one, one with a custom id.
  await old[0]!.add('feed.purgePost', job('feed.purgePost'))
  await old[0]!.add('feed.purgePost', job('feed.purgePost'), { jobId: 'custom-1' })
  await old[0]!.add('feed.purgePost', job('feed.purgePost'), { delay: 300 })
  await old[1]!.add('feed.purgePost', job('feed.purgePost'))
  expect(await redis.keys(`${bullPrefix(prefix)}:*`)).toEqual([])

  const worker = startBullWorker({ connection, prefix, handlers, drainLegacy: { checkMs: 100 } })
  try {
    for (let i = 0; i < 200 && ran.length < expected.length; i++) await new Promise((r) => setTimeout(r, 50))
    expect(ran.sort()).toEqual(expected.sort())
    for (const q of old) expect(Object.values(await q.getJobCounts('wait', 'delayed', 'active', 'prioritized')).every((n) => n === 0)).toBe(true)
    // New jobs go under the tagged prefix, which the main worker runs.
    const current = new Queue('mosaic', { connection, prefix: bullPrefix(prefix) })
    await current.add('feed.purgePost', job('feed.purgePost'))
    for (let i = 0; i < 200 && ran.length < expected.length; i++) await new Promise((r) => setTimeout(r, 50))
    expect(ran.sort()).toEqual(expected.sort())
    await current.close()
  } finally {
    await worker.close()
    await Promise.all(old.map((q) => q.close()))
  }
})
