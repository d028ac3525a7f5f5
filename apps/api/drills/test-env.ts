// The drills' only reads of the environment (lint allows process.env in files named test-env.ts).
const int = (name: string, fallback: number) => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const v = Number(raw)
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`)
  return v
}

export const drillsEnv = {
  /** Length of the soak: 90 s in CI, 300 or more by hand (`SOAK_SECONDS=300 pnpm exec vitest run --project drills`). */
  soakSeconds: int('SOAK_SECONDS', 90),
  /** Operations started per second across all simulated people. */
  soakRate: int('SOAK_RATE', 20),
  /** Passed on to the processes the drills start (they find redis-server and friends through it). */
  path: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  /** Keep the temp folder (engine logs, API log, data) after the run for a post-mortem. */
  keep: process.env.DRILLS_KEEP === '1',
}
