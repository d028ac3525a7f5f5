import { asc, inArray, schema, type Db } from '@mosaic/db'
import { withTimeout } from '@mosaic/util'
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq'
import { jobPayloads, jobRetries, type JobHandlers, type JobName, type JobPayload, type JobRun } from '../../job-payloads.ts'
import type { EnqueueOptions, JobQueue } from '../../ports.ts'
import type { CircuitBreaker } from '../redis/circuit-breaker.ts'
import { bullPrefix } from '../redis/keys.ts'
import { drainLegacyQueues } from './legacy.ts'

export type QueueConnection = ConnectionOptions

const { jobOutbox } = schema
const QUEUE = 'mosaic'
// Jobs that hold a worker for minutes (ffmpeg) wait on a queue of their own, worked at their own
// concurrency (VIDEO_CONCURRENCY): a burst of video uploads never takes the slots of fan-out and
// notifications. A data export's zip (export.build) is long too and shares it.
const SLOW_QUEUE = 'mosaic-transcode'
const queueOf = (name: JobName) => (name === 'media.transcode' || name === 'export.build' ? SLOW_QUEUE : QUEUE)
const ENQUEUE_TIMEOUT_MS = 1000

/**
 * BullMQ on Redis. Jobs retry with exponential backoff, stalled jobs are picked up again by
 * another worker, and a job id deduplicates while the job waits. When Redis does not answer, the
 * job is written to the Postgres outbox instead and relayed once Redis is back. BullMQ keeps its own
 * connections, so its enqueue gets its own deadline; with the app's Redis breaker open, it does not
 * even try.
 */
export function createBullQueue(opts: {
  connection: ConnectionOptions
  prefix: string
  db: Db
  breaker?: CircuitBreaker | null
  onError?: (msg: string, err: unknown) => void
}): JobQueue & {
  relayOutbox(): Promise<number>
} {
  const queues = new Map(
    [QUEUE, SLOW_QUEUE].map((name) => {
      const queue = new Queue(name, {
        connection: opts.connection,
        prefix: bullPrefix(opts.prefix),
        // Finished jobs' records name people (ids in payloads and job ids): kept for an hour at most,
        // so a deleted account's leave Redis within one; failed ones a day, for a post-mortem.
        defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 24 * 3600, count: 5000 } },
      })
      queue.on('error', (err) => opts.onError?.('queue error', err))
      // Connect now, not on the first job, so the first request does not wait out the handshake.
      void withTimeout(queue.waitUntilReady(), 3000, 'queue did not answer').catch(() => {})
      return [name, queue] as const
    }),
  )
  let relaying: Promise<number> | null = null

  const add = async (name: JobName, payload: unknown, jobOpts: EnqueueOptions) => {
    if (opts.breaker && !opts.breaker.allows()) throw new Error('Redis is not answering (circuit open)')
    try {
      const retry = jobRetries[name]
      await withTimeout(
        queues.get(queueOf(name))!.add(name, payload, {
          ...(jobOpts.jobId ? { jobId: jobOpts.jobId } : {}),
          ...(jobOpts.pendingOnly ? { removeOnComplete: true } : {}),
          ...(jobOpts.delayMs ? { delay: jobOpts.delayMs } : {}),
          ...(retry ? { attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoffMs } } : {}),
        }),
        ENQUEUE_TIMEOUT_MS,
        'queue did not answer',
      )
      opts.breaker?.succeeded()
    } catch (err) {
      opts.breaker?.failed()
      throw err
    }
  }

  return {
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, jobOpts: EnqueueOptions = {}) {
      try {
        await add(name, payload, jobOpts)
      } catch (err) {
        opts.onError?.(`queue unavailable; ${name} kept in the outbox`, err)
        await opts.db.insert(jobOutbox).values({ name, payload, jobId: jobOpts.jobId ?? null })
      }
    },
    /** Moves outbox rows to the queue, oldest first; returns how many moved. */
    relayOutbox() {
      relaying ??= (async () => {
        let moved = 0
        try {
          for (;;) {
            const rows = await opts.db.select().from(jobOutbox).orderBy(asc(jobOutbox.createdAt)).limit(200)
            if (rows.length === 0) break
            for (const row of rows) await add(row.name as JobName, row.payload, row.jobId ? { jobId: row.jobId } : {})
            await opts.db.delete(jobOutbox).where(inArray(jobOutbox.id, rows.map((r) => r.id)))
            moved += rows.length
          }
        } catch {
          // Redis still away: the rest stays in the outbox for the next round.
        } finally {
          relaying = null
        }
        return moved
      })()
      return relaying
    },
    async drain() {
      await this.relayOutbox()
      for (let i = 0; i < 600; i++) {
        const counts = await Promise.all([...queues.values()].map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')))
        if (counts.every((c) => Object.values(c).every((n) => n === 0))) return
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()))
    },
  }
}

/**
 * The worker role: runs every handler, validating each payload against its schema first; the quick
 * jobs `concurrency` at a time, transcodes `slowConcurrency` at a time.
 */
export function startBullWorker(opts: {
  connection: ConnectionOptions
  prefix: string
  handlers: JobHandlers
  concurrency?: number
  slowConcurrency?: number
  /** Also run what is still queued under BullMQ's old, untagged prefix (a single Redis only: legacy.ts). */
  drainLegacy?: { checkMs?: number } | false
  onError?: (msg: string, err: unknown) => void
}): { close(): Promise<void> } {
  const perform = async (job: Job) => {
    const name = job.name as JobName
    const schema = jobPayloads[name]
    if (!schema) throw new Error(`unknown job ${job.name}`)
    // attemptsMade counts the failed attempts before this one.
    const run: JobRun = { attempt: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 }
    await (opts.handlers[name] as (d: unknown, run: JobRun) => Promise<void>)(schema.parse(job.data), run)
  }
  const lanes: [string, number][] = [
    [QUEUE, opts.concurrency ?? 8],
    [SLOW_QUEUE, opts.slowConcurrency ?? 1],
  ]
  const workers = lanes.map(([queue, concurrency]) => {
    const worker = new Worker(queue, perform, { connection: opts.connection, prefix: bullPrefix(opts.prefix), concurrency, stalledInterval: 30_000, maxStalledCount: 2 })
    worker.on('failed', (job, err) => opts.onError?.(`job ${job?.name} failed (attempt ${job?.attemptsMade})`, err))
    worker.on('error', (err) => opts.onError?.('worker error', err))
    return worker
  })
  const legacy = opts.drainLegacy ? drainLegacyQueues({ connection: opts.connection, prefix: opts.prefix, lanes, perform, checkMs: opts.drainLegacy.checkMs, onError: opts.onError }) : null
  return {
    async close() {
      await Promise.all([...workers.map((w) => w.close()), legacy?.close()])
    },
  }
}
