import { jobPayloads, jobRetries, type JobHandlers, type JobName, type JobPayload } from '../../job-payloads.ts'
import type { EnqueueOptions, JobQueue } from '../../ports.ts'

const MAX_ATTEMPTS = 5
const BACKOFF_MS = 50

/**
 * The in-process queue: the same handlers as the worker role, run on this process's event loop
 * after the request that queued them has answered. Failed jobs are retried with backoff.
 */
export function createMemoryQueue(handlers: () => JobHandlers, onError: (name: string, err: unknown) => void = () => {}): JobQueue {
  const pending = new Set<Promise<void>>()
  const waitingIds = new Set<string>()
  let closed = false

  const run = async (name: JobName, payload: unknown, attempt: number): Promise<void> => {
    const attempts = jobRetries[name]?.attempts ?? MAX_ATTEMPTS
    try {
      const data = jobPayloads[name].parse(payload)
      await (handlers()[name] as (d: unknown, run: { attempt: number; attempts: number }) => Promise<void>)(data, { attempt: attempt + 1, attempts })
    } catch (err) {
      if (attempt + 1 >= attempts || closed) return onError(name, err)
      await new Promise((r) => setTimeout(r, (jobRetries[name]?.backoffMs ?? BACKOFF_MS) * 2 ** attempt))
      return run(name, payload, attempt + 1)
    }
  }

  return {
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}) {
      if (closed) return
      // BullMQ reserves ':' in job ids; refuse it here too so both queues accept the same ids.
      if (opts.jobId?.includes(':')) throw new Error(`job id "${opts.jobId}" must not contain ':'`)
      if (opts.jobId) {
        if (waitingIds.has(opts.jobId)) return
        waitingIds.add(opts.jobId)
      }
      const p: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, opts.delayMs ?? 0))
        .then(() => {
          if (opts.jobId) waitingIds.delete(opts.jobId)
          return run(name, payload, 0)
        })
        .finally(() => pending.delete(p))
      pending.add(p)
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending])
    },
    async close() {
      closed = true
      await Promise.allSettled([...pending])
    },
  }
}
