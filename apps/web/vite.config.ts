import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// changeOrigin stays false (Vite's string shorthand turns it on): the API then sees the browser's
// own Host (localhost:5173), which matches the Origin the browser sends, so the API's CSRF check
// (Origin against PUBLIC_URL or the request's host) passes through the proxy unchanged.
const api = { target: 'http://localhost:3000', changeOrigin: false }

export default defineConfig({
  plugins: [react(), tailwindcss()],
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
