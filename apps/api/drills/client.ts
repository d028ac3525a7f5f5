// The soak's HTTP client and its ledger: every attempt is classified the moment its answer (or its
// silence) arrives, against the fault timeline, so the test can tell an allowed refusal from a failure.

export type Op = 'signIn' | 'feed' | 'like' | 'comment' | 'follow' | 'upload'
export const OPS: Op[] = ['signIn', 'feed', 'like', 'comment', 'follow', 'upload']

export type Answer = { ms: number } & (
  | { kind: 'http'; status: number; retryAfter: string | null; body: TrpcBody }
  | { kind: 'conn'; detail: string }
  | { kind: 'timeout'; detail: string }
)

export type TrpcBody = { result?: { data: unknown }; error?: { message: string; data?: { code?: string; httpStatus?: number } } } | null

export type Request = {
  method: 'GET' | 'POST'
  path: string
  token?: string | undefined
  /** The simulated client's address (the API trusts X-Forwarded-For in the drills, as behind a proxy). */
  ip: string
  json?: unknown
  body?: FormData | Buffer
  headers?: Record<string, string>
  timeoutMs?: number
}

/** One HTTP call; never throws: network errors and timeouts are answers too. */
export async function send(base: string, r: Request): Promise<Answer> {
  const headers: Record<string, string> = { 'x-forwarded-for': r.ip, ...r.headers }
  if (r.token) headers.authorization = `Bearer ${r.token}`
  let body: FormData | Uint8Array | string | undefined
  if (r.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(r.json)
  } else if (r.body instanceof FormData) body = r.body
  else if (r.body) body = new Uint8Array(r.body)
  const t0 = Date.now()
  try {
    const res = await fetch(`${base}${r.path}`, { method: r.method, headers, body, signal: AbortSignal.timeout(r.timeoutMs ?? 10_000) })
    const text = await res.text()
    let parsed: TrpcBody = null
    try {
      parsed = JSON.parse(text) as TrpcBody
    } catch {
      parsed = null
    }
    return { kind: 'http', status: res.status, retryAfter: res.headers.get('retry-after'), body: parsed, ms: Date.now() - t0 }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } }
    const ms = Date.now() - t0
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { kind: 'timeout', detail: `no answer within ${r.timeoutMs ?? 10_000} ms`, ms }
    return { kind: 'conn', detail: e.cause?.code ?? e.cause?.message ?? e.message, ms }
  }
}

export const query = (path: string, input: unknown) => `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`

export type Window = { from: number; to: number }
export type Event = { at: number; what: string }

/**
 * Counts and judges attempts. Time is seconds since the soak started. An attempt is:
 * - accepted (2xx);
 * - retried and allowed: a connection error while the API process is down (the drill killed it),
 *   503 + Retry-After while the drills' Postgres is down, 503 + Retry-After from the upload queue
 *   (backpressure), 409 + Retry-After for an upload whose first attempt is still running;
 * - refused: an expected 4xx the simulated person can live with (429 with Retry-After);
 * - a failure: any other 5xx, a 503 without Retry-After, a timeout, a connection error while the
 *   API is up, a 4xx that refuses an action a well-behaved person was allowed to do, or an answer
 *   that took more than HUNG_MS while Redis was frozen (a hung Redis must not hang requests).
 */
const HUNG_MS = 5000

export class Ledger {
  t0 = Date.now()
  counting = false
  readonly sent = new Map<Op, number>()
  readonly accepted = new Map<Op, number>()
  readonly refused = new Map<Op, Map<string, number>>()
  readonly retried = new Map<string, number>()
  readonly failures: { at: number; op: Op; what: string }[] = []
  readonly events: Event[] = []
  /** The API process exiting without being killed by the drill. */
  readonly crashes: Event[] = []
  readonly apiDown: Window[] = []
  readonly pgDown: Window[] = []
  readonly redisFrozen: Window[] = []
  /** Answers seen while the drills' Postgres was down, by status. */
  readonly duringPgOutage = new Map<string, number>()

  /** The soak starts: time is counted from here, and attempts are counted from here on. */
  start() {
    this.t0 = Date.now()
    this.counting = true
  }
  now() {
    return (Date.now() - this.t0) / 1000
  }
  event(what: string) {
    this.events.push({ at: this.now(), what })
  }
  private inWindow(list: Window[], at: number) {
    return list.some((w) => at >= w.from && at <= w.to)
  }
  private bump<K>(map: Map<K, number>, key: K) {
    map.set(key, (map.get(key) ?? 0) + 1)
  }

  /** Judges one attempt: 'ok', 'retry' (wait `waitMs`, then again) or 'final' (refused or failed). */
  judge(op: Op, a: Answer): { verdict: 'ok' | 'retry' | 'final'; waitMs: number } {
    const at = this.now()
    if (this.counting) this.bump(this.sent, op)
    const pgOutage = this.inWindow(this.pgDown, at)
    if (pgOutage) this.bump(this.duringPgOutage, a.kind === 'http' ? String(a.status) : a.kind)
    const retryAfterMs = a.kind === 'http' && a.retryAfter !== null && Number(a.retryAfter) >= 0 ? Math.min(Number(a.retryAfter) * 1000, 2000) : null
    const retry = (why: string, waitMs: number) => {
      if (this.counting) this.bump(this.retried, why)
      return { verdict: 'retry' as const, waitMs }
    }
    const fail = (what: string) => {
      this.failures.push({ at, op, what })
      return { verdict: 'final' as const, waitMs: 0 }
    }
    if (a.kind === 'conn') return this.inWindow(this.apiDown, at) ? retry('connection error while the API was down', -1) : fail(`connection error while the API was up: ${a.detail}`)
    if (a.kind === 'timeout') return fail(a.detail)
    const sentAt = at - a.ms / 1000
    if (a.ms > HUNG_MS && this.redisFrozen.some((w) => sentAt <= w.to && at >= w.from)) {
      return fail(`answered ${a.status} after ${(a.ms / 1000).toFixed(1)} s while Redis was frozen`)
    }
    if (a.status >= 200 && a.status < 300) {
      if (this.counting) this.bump(this.accepted, op)
      return { verdict: 'ok', waitMs: 0 }
    }
    const code = a.body?.error?.data?.code ?? ''
    if (a.status === 503 && retryAfterMs !== null) {
      if (pgOutage) return retry('503 + Retry-After while Postgres was down', retryAfterMs)
      if (op === 'upload') return retry('503 + Retry-After: upload queue full', retryAfterMs)
      return fail(`503 outside the Postgres outage: ${a.body?.error?.message ?? ''}`)
    }
    if (a.status === 409 && op === 'upload' && retryAfterMs !== null) return retry('409 + Retry-After: upload still running', retryAfterMs)
    if (a.status >= 500) return fail(`${a.status} ${code} ${a.body?.error?.message ?? ''}`.trim())
    if (a.status === 429 && a.retryAfter !== null) {
      if (this.counting) {
        const byStatus = this.refused.get(op) ?? new Map<string, number>()
        this.bump(byStatus, '429')
        this.refused.set(op, byStatus)
      }
      return { verdict: 'final', waitMs: 0 }
    }
    return fail(`${a.status} ${code} ${a.body?.error?.message ?? ''}`.trim())
  }

  /**
   * Sends until the answer is final (or 60 s of retries pass); returns the last answer. A refused
   * connection is retried with exponential backoff and jitter (0.25 s doubling to 4 s), as a
   * well-behaved client would: a fixed short delay would turn hundreds of waiting clients into a
   * storm that slows the restarting server down.
   */
  async attempt(op: Op, base: () => string, r: Request): Promise<Answer & { ok: boolean }> {
    const giveUp = Date.now() + 60_000
    for (let n = 0; ; n++) {
      const a = await send(base(), r)
      const { verdict, waitMs } = this.judge(op, a)
      if (verdict === 'ok') return { ...a, ok: true }
      if (verdict === 'final') return { ...a, ok: false }
      if (Date.now() > giveUp) {
        this.failures.push({ at: this.now(), op, what: 'still refused after 60 s of retries' })
        return { ...a, ok: false }
      }
      const backoff = Math.min(4000, 250 * 2 ** n) * (0.5 + Math.random() / 2)
      await new Promise((resolve) => setTimeout(resolve, waitMs < 0 ? backoff : waitMs))
    }
  }
}
