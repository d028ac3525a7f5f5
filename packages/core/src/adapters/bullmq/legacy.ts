import { Queue, Worker, type ConnectionOptions, type Processor } from 'bullmq'
import { legacyBullPrefix } from '../redis/keys.ts'

// Every state a job waits or runs in; finished and failed jobs are history and stay where they are.
const PENDING = ['wait', 'delayed', 'active', 'prioritized'] as const

/**
 * BullMQ's prefix gained a hash tag (`mosaic:{bull}`, for Redis Cluster); jobs queued before that
 * sit under `mosaic:bull`, and during a rolling upgrade older processes may still queue there. So
 * none is lost, while an old queue holds a waiting, delayed or running job a worker on the old
 * prefix runs them with the same handlers (BullMQ's own retries, delays and stalled-job recovery
 * included); once the old queues are empty it stops. The check (one count per queue) repeats
 * every `checkMs`. Only for a single Redis: a cluster never ran the untagged prefix.
 */
export function drainLegacyQueues(opts: {
  connection: ConnectionOptions
  prefix: string
  lanes: [name: string, concurrency: number][]
  perform: Processor
  checkMs?: number
  onError?: (msg: string, err: unknown) => void
}): { close(): Promise<void>; check(): Promise<void> } {
  const prefix = legacyBullPrefix(opts.prefix)
  const lanes = opts.lanes.map(([name, concurrency]) => ({ name, concurrency, queue: null as Queue | null, worker: null as Worker | null }))
  let closed = false
  let checking: Promise<void> | null = null

  const checkLanes = async () => {
    for (const lane of lanes) {
      if (closed) return
      if (!lane.queue) {
        lane.queue = new Queue(lane.name, { connection: opts.connection, prefix })
        lane.queue.on('error', (err) => opts.onError?.('legacy queue error', err))
      }
      const counts = await lane.queue.getJobCounts(...PENDING)
      const pending = Object.values(counts).some((n) => n > 0)
      if (pending && !lane.worker && !closed) {
        lane.worker = new Worker(lane.name, opts.perform, { connection: opts.connection, prefix, concurrency: lane.concurrency })
        lane.worker.on('failed', (job, err) => opts.onError?.(`job ${job?.name} failed (attempt ${job?.attemptsMade})`, err))
        lane.worker.on('error', (err) => opts.onError?.('legacy worker error', err))
      } else if (!pending && lane.worker) {
        const worker = lane.worker
        lane.worker = null
        await worker.close()
      }
    }
  }
  const check = () =>
    (checking ??= checkLanes()
      .catch((err: unknown) => opts.onError?.('could not check the queues under the old prefix', err))
      .finally(() => (checking = null)))

  void check()
  const timer = setInterval(() => void check(), opts.checkMs ?? 60_000)
  timer.unref()
  return {
    check,
    async close() {
      closed = true
      clearInterval(timer)
      await checking
      await Promise.all(lanes.flatMap((l) => [l.worker?.close(), l.queue?.close()]))
    },
  }
}
