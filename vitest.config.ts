import { defineConfig } from 'vitest/config'

// One runner for the whole tree, split into projects by what a test needs:
// `unit` is pure code, `integration` gets a migrated Postgres template (one database per file),
// `e2e` drives headless Chromium against a real server, `drills` soaks a server process through faults,
// `cluster` runs the app as separate roles behind HAProxy over replicated engines.
export default defineConfig({
  test: {
    // One migrated template database for the whole run; each test file clones its own from it.
    globalSetup: ['packages/db/src/testing.global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/{validators,media,storage,util}/src/**/*.test.ts', 'tooling/eslint/**/*.test.ts', 'apps/web/src/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/{db,core,trpc}/src/**/*.test.ts', 'apps/api/src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/api/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // Soak and fault drills against the built server (apps/api/dist) in its own process, over a
        // Postgres and a Redis the drills start themselves; SOAK_SECONDS sets the length (default 90).
        // They run after the other projects (groupOrder), so their load does not slow those tests.
        test: {
          name: 'drills',
          include: ['apps/api/drills/**/*.test.ts'],
          testTimeout: 30 * 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The many-machine shape over loopback: HAProxy in front of 2 read + 1 write + 1 worker
        // processes from the production build, a Postgres primary + streaming replica and a Redis
        // Cluster, all started by the test on free ports; then faults. Last, alone (groupOrder).
        test: {
          name: 'cluster',
          include: ['apps/api/cluster/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
})
