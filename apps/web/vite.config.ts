import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of the build, at the highest levels
 * (too slow per request, free once), for the server to send as they are (@fastify/static preCompressed).
 */
function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'mosaic-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|css|html|svg|json|txt)$/.test(f))
      for (const file of files) {
        const full = path.join(outDir, file)
        const data = readFileSync(full)
        if (data.length < 1024) continue
        writeFileSync(`${full}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }))
        writeFileSync(`${full}.gz`, gzipSync(data, { level: 9 }))
      }
    },
  }
}

// changeOrigin stays false (Vite's string shorthand turns it on): the API then sees the browser's
// own Host (localhost:5173), which matches the Origin the browser sends, so the API's CSRF check
// (Origin against PUBLIC_URL or the request's host) passes through the proxy unchanged.
const api = { target: 'http://localhost:3000', changeOrigin: false }

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
  server: {
    port: 5173,
    proxy: { '/trpc': api, '/media': api, '/healthz': api },
  },
  build: {
    sourcemap: true,
    rollupOptions: {
      // Libraries change less often than the app: separate files stay cached across releases.
      output: { manualChunks: { react: ['react', 'react-dom', 'react-dom/client', 'react-router'], data: ['@tanstack/react-query', '@trpc/client', '@trpc/react-query', 'zod'] } },
    },
  },
})
