/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  // Relative base: the built app is a static folder that works from any path.
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // web-llm and Monaco are multi-megabyte lazy chunks by design; the first-paint budget is
    // measured by bench/bundle-size.ts instead.
    chunkSizeWarningLimit: 8000,
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
