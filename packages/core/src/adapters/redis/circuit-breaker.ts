import { Cluster, Command, ReplyError } from 'ioredis'
import type { RedisClient } from './client.ts'

export type BreakerState = 'closed' | 'open' | 'probing'

/**
 * Fail fast while an engine is away. Closed, calls go through; one failure (an error or a missed
 * deadline) opens it, and for `cooldownMs` no call is even tried, so every caller takes its
 * fallback at once instead of each waiting out its own deadline. Then it probes: with a `probe`,
 * one cheap check runs in the background while calls keep failing fast; without one, the next
 * call is the trial. Success closes it, failure opens it for another cool-down.
 */
export type CircuitBreaker = {
  /** Whether a call may be made now; false means take the fallback without trying. */
  allows(): boolean
  succeeded(): void
  failed(): void
  readonly state: BreakerState
  /** When it last closed after being open (ms since the epoch), 0 if it never opened. */
  readonly recoveredAt: number
}

export function createCircuitBreaker(opts: { cooldownMs: number; probe?: () => Promise<unknown>; now?: () => number }): CircuitBreaker {
  const now = opts.now ?? Date.now
  let state: BreakerState = 'closed'
  let since = 0
  let recoveredAt = 0
  const open = () => {
    state = 'open'
    since = now()
  }
  const close = () => {
    if (state !== 'closed') recoveredAt = now()
    state = 'closed'
  }
  return {
    allows() {
      if (state === 'closed') return true
      // A trial that never reported back (its caller gave up) must not keep the breaker shut.
      if (now() - since < opts.cooldownMs) return false
      state = 'probing'
      since = now()
      if (!opts.probe) return true
      opts.probe().then(close, open)
      return false
    },
    succeeded() {
      if (state === 'probing' && !opts.probe) close()
    },
    failed() {
      if (state === 'closed' || (state === 'probing' && !opts.probe)) open()
    },
    get state() {
      return state
    },
    get recoveredAt() {
      return recoveredAt
    },
  }
}

export class EngineUnavailableError extends Error {
  constructor(what: string) {
    super(`${what} is not answering (circuit open)`)
    this.name = 'EngineUnavailableError'
  }
}

/**
 * Puts every command of this ioredis client behind one breaker: single commands, pipelines and
 * MULTI alike pass through `sendCommand`. The deadline itself is ioredis's `commandTimeout`; a
 * reply error (WRONGTYPE…) is an answer, not an outage, and leaves the breaker alone. On a cluster
 * the one breaker covers every node: a master that is down until its replica takes over sends
 * every caller to its fallback for that while, as a single Redis that is down does.
 */
export function guardRedis(redis: RedisClient, opts: { cooldownMs: number; now?: () => number }): CircuitBreaker {
  const send = redis.sendCommand.bind(redis)
  const breaker = createCircuitBreaker({
    ...opts,
    // A cluster answers PING on any live node; it is whole again only when its state is ok (every
    // slot served: a failed master's replica has taken over).
    probe: () => {
      const cmd = redis instanceof Cluster ? new Command('cluster', ['info'], { replyEncoding: 'utf8' }) : new Command('ping', [])
      void send(cmd)
      return cmd.promise.then((reply) => {
        if (redis instanceof Cluster && !String(reply).includes('cluster_state:ok')) throw new Error('Redis Cluster state is not ok')
      })
    },
  })
  // A cluster's sendCommand takes a third argument (the node a pipeline is bound to): pass all on.
  const guarded = (command: Command, ...rest: unknown[]) => {
    // Only a connected client is guarded: while (re)connecting, ioredis refuses commands on its own
    // (no offline queue) and its handshake must go through; quitting must always go through.
    if (redis.status === 'ready' && command.name !== 'quit' && !breaker.allows()) {
      command.reject(new EngineUnavailableError('Redis'))
      return command.promise
    }
    const p = (send as (c: Command, ...r: unknown[]) => unknown)(command, ...rest) as Promise<unknown>
    p.then(
      () => breaker.succeeded(),
      (err: unknown) => {
        if (!(err instanceof ReplyError)) breaker.failed()
      },
    )
    return p
  }
  Object.assign(redis, { sendCommand: guarded })
  return breaker
}
