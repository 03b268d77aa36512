import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// The same bundle serves Electron (file/app protocol) and browser mode (app/server), so assets
// are referenced relatively.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    host: '127.0.0.1',
    // `npm run dev:renderer` talks to a running app server.
    proxy: { '/api': process.env.POSPAL_API_ORIGIN ?? 'http://127.0.0.1:4173' },
  },
});
