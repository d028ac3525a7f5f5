import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// In a checkout, src/*.ts (tsx) and dist/*.js (bundled) sit two levels below the repo root's apps/api
// and read the migrations and the built web app from their packages. The production folder
// (scripts/build-prod.sh) has no packages: it holds both beside dist/, as migrations/ and web/.
const appRoot = new URL('../', import.meta.url)
const repoRoot = new URL('../../', appRoot)
const productionFolder = existsSync(fileURLToPath(new URL('migrations', appRoot)))

export const paths = {
  migrations: fileURLToPath(productionFolder ? new URL('migrations', appRoot) : new URL('packages/db/drizzle', repoRoot)),
  webDist: fileURLToPath(productionFolder ? new URL('web', appRoot) : new URL('apps/web/dist', repoRoot)),
  /** The shared image fixtures beside the checkout: seed photos, and the api's tests and benches. */
  fixtures: fileURLToPath(new URL('../shared/fixtures/images', repoRoot)),
}
