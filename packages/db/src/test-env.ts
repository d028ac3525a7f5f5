// The one place test support reads the environment: where the real engines of a test run are.
export const testEnv = {
  databaseUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  /** Name of the migrated template; two checkouts testing at once on one server each need their own. */
  templateDb: process.env.TEST_TEMPLATE_DB ?? 'mosaic_test_template',
}
