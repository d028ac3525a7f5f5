import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { ProcedureObserver } from '@mosaic/trpc'

export type Metrics = {
  registry: Registry
  observe: ProcedureObserver
  httpRequest(route: string, method: string, status: number, seconds: number): void
  feedFallback(): void
  /** A query sent to a replica or to the primary (with replicas configured). */
  replicaRead(servedBy: 'replica' | 'primary'): void
  /** Where the replica gauges read their values at each scrape, in DATABASE_REPLICA_URLS order. */
  watchReplicas(source: () => readonly { lagSeconds: number; healthy: boolean }[]): void
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
  const replicaReads = new Counter({
    name: 'mosaic_replica_reads_total',
    help: 'Queries sent to a Postgres replica or to the primary, with replicas configured',
    labelNames: ['served_by'],
    registers: [registry],
  })
  let replicas: () => readonly { lagSeconds: number; healthy: boolean }[] = () => []
  new Gauge({
    name: 'mosaic_replica_lag_seconds',
    help: 'How far behind the primary each replica may be: it holds every write older than this',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      this.reset()
      replicas().forEach((r, i) => this.set({ replica: String(i) }, r.lagSeconds))
    },
  })
  new Gauge({
    name: 'mosaic_replica_healthy',
    help: '1 when a replica answers within the lag bound and serves queries, else 0 (the primary serves)',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      this.reset()
      replicas().forEach((r, i) => this.set({ replica: String(i) }, r.healthy ? 1 : 0))
    },
  })
  return {
    registry,
    feedFallback: () => fallbacks.inc(),
    replicaRead: (servedBy) => replicaReads.inc({ served_by: servedBy }),
    watchReplicas(source) {
      replicas = source
    },
    observe(procedure, type, seconds, outcome) {
      calls.inc({ procedure, type, outcome })
      latency.observe({ procedure, type }, seconds)
    },
    httpRequest(route, method, status, seconds) {
      http.observe({ route, method, status: String(status) }, seconds)
    },
  }
}
