import { fileURLToPath } from 'node:url'

// Both src/*.ts (tsx) and dist/*.js (bundled) sit two levels below the repo root's apps/api.
const repoRoot = new URL('../../../', import.meta.url)

export const paths = {
  migrations: fileURLToPath(new URL('packages/db/drizzle', repoRoot)),
  webDist: fileURLToPath(new URL('apps/web/dist', repoRoot)),
  /** The shared image fixtures beside the checkout: seed photos, and the api's tests and benches. */
  fixtures: fileURLToPath(new URL('../shared/fixtures/images', repoRoot)),
}
