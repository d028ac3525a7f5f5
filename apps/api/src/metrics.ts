import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client'
import type { ProcedureObserver } from '@mosaic/trpc'

export type Metrics = {
  registry: Registry
  observe: ProcedureObserver
  httpRequest(route: string, method: string, status: number, seconds: number): void
  feedFallback(): void
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const calls = new Counter({
    name: 'mosaic_trpc_calls_total',
    help: 'tRPC procedure calls by procedure, type and outcome',
    labelNames: ['procedure', 'type', 'outcome'],
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'mosaic_trpc_duration_seconds',
    help: 'tRPC procedure latency',
    labelNames: ['procedure', 'type'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const http = new Histogram({
    name: 'mosaic_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  })
  const fallbacks = new Counter({
    name: 'mosaic_feed_pull_fallbacks_total',
    help: 'Home feed pages served from Postgres because Redis did not answer',
    registers: [registry],
  })
  return {
    registry,
    feedFallback: () => fallbacks.inc(),
    observe(procedure, type, seconds, outcome) {
      calls.inc({ procedure, type, outcome })
      latency.observe({ procedure, type }, seconds)
    },
    httpRequest(route, method, status, seconds) {
      http.observe({ route, method, status: String(status) }, seconds)
    },
  }
}
