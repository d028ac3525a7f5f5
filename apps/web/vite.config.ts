import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const api = 'http://localhost:3000'

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
