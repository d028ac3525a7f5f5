// Bundles the server into dist/: workspace packages (TypeScript source) are compiled in, every
// npm dependency stays external and is loaded from node_modules at run time.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/main.ts', 'src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  plugins: [
    {
      name: 'externalize-npm',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@mosaic/') ? undefined : { path: args.path, external: true }))
      },
    },
  ],
})
