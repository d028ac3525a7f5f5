import { defineConfig } from 'vitest/config'

// One runner for the whole tree, split into projects by what a test needs:
// `unit` is pure code, `integration` gets a migrated Postgres template (one database per file),
// `e2e` drives headless Chromium against a real server.
export default defineConfig({
  test: {
    // One migrated template database for the whole run; each test file clones its own from it.
    globalSetup: ['packages/db/src/testing.global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/{validators,media,storage}/src/**/*.test.ts'],
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
    ],
  },
})
