// One lint setup for the whole tree. Besides the usual TypeScript rules it enforces the
// architecture: the direction of imports between packages, no import cycle anywhere (type-only
// ones included; tooling/eslint/no-cycle.js), and that only the api's config module reads
// process.env.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import mosaic from './tooling/eslint/no-cycle.js'

const serverOnly = ['@mosaic/db', '@mosaic/db/*', '@mosaic/core', '@mosaic/media', '@mosaic/storage', '@mosaic/util']

const restrict = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
})
const group = (names, message, allowTypeImports = false) => ({ group: names, message, allowTypeImports })

// Web app layering (apps/web/src/app/App.tsx explains it): app/ → features/ → components/, lib/.
// A feature may import the features in the layers below its own, never its own layer or above,
// so no two features import each other. Checked with the core rule, so it adds to the type rules above.
const webFeatureLayers = [['posts'], ['search', 'stories'], ['auth', 'explore', 'feed', 'notifications', 'places', 'tags', 'users']]
const restrictWeb = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })
const webLayering = webFeatureLayers.flatMap((layer, i) => {
  const below = webFeatureLayers.slice(0, i).flat()
  return layer.map((feature) => ({
    files: [`apps/web/src/features/${feature}/**/*.{ts,tsx}`],
    rules: restrictWeb(
      { group: ['**/app/**'], message: 'Features never import the shell (app/).' },
      {
        group: webFeatureLayers.flat().filter((f) => f !== feature && !below.includes(f)).map((f) => `../${f}/**`),
        message: `${feature} may import ${below.join(', ') || 'no other feature'}; move what features share to components/ or lib/.`,
      },
    ),
  }))
})

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'data/**', '**/drizzle/meta/**', '**/.scratch/**', 'tooling/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { mosaic },
    rules: {
      'mosaic/no-cycle': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through apps/api/src/config.ts only.' },
      ],
    },
  },
  {
    files: ['apps/api/src/config.ts', '**/*.config.{ts,js}', '**/drizzle.config.ts', '**/*.test.ts', '**/test/**', 'apps/api/e2e/**', 'apps/api/bench/**', '**/testing*.ts', '**/testing/**', '**/test-env.ts', '**/build.mjs', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      group(serverOnly, 'The web app talks to the server only through tRPC.'),
      group(['@mosaic/trpc'], 'The web app may import only types from @mosaic/trpc.', true),
    ),
  },
  ...webLayering,
  {
    files: ['apps/web/src/{components,lib}/**/*.{ts,tsx}'],
    rules: restrictWeb({ group: ['**/features/**', '**/app/**'], message: 'components/ and lib/ import no feature and not the shell.' }),
  },
  {
    files: ['packages/validators/**/*.ts'],
    rules: restrict(group(['@mosaic/*', '!@mosaic/validators'], 'validators imports zod only.')),
  },
  {
    files: ['packages/util/**/*.ts'],
    rules: restrict(group(['@mosaic/*'], 'util sits below every package and imports none of them.')),
  },
  {
    files: ['packages/{db,media,storage}/**/*.ts'],
    rules: restrict(group(['@mosaic/core', '@mosaic/trpc', '@trpc/*'], 'Lower layers never import core or trpc.')),
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: restrict(group(['@mosaic/trpc', '@trpc/*'], 'core never imports tRPC; throw a DomainError instead.')),
  },
  {
    files: ['packages/trpc/**/*.ts'],
    rules: restrict(group(['@mosaic/db/*', '@mosaic/media', '@mosaic/storage', 'drizzle-orm'], 'Routers hold no logic: call core.')),
  },
)
