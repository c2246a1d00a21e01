/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { VitePWA } from 'vite-plugin-pwa';
import { contentSecurityPolicyPlugin } from './build/content-security-policy.ts';

/** Files above this are cached when first used, not on the first visit (web-llm's ~6 MB worker). */
const PRECACHE_LIMIT_BYTES = 4 * 1024 * 1024;

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    contentSecurityPolicyPlugin(),
    // The service worker and the manifest: installable, and offline after the first visit.
    // Not in `vite dev` (devOptions off), so development never runs a stale cached page.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'service-worker.ts',
      registerType: 'prompt',
      injectRegister: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,wasm,ttf,svg,png,sqlite}'],
        // Workbox fails the build over its own limit; large files are left out here, on purpose.
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        manifestTransforms: [
          async (entries) => ({
            manifest: entries.filter((entry) => entry.size <= PRECACHE_LIMIT_BYTES),
            warnings: [],
          }),
        ],
      },
      // The glob above already lists the icons and the manifest.
      includeManifestIcons: false,
      manifest: {
        name: 'Text-to-SQL Playground',
        short_name: 'Text-to-SQL',
        description:
          'Ask questions about your SQLite database in plain language; the model runs in your browser.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f8fafc',
        theme_color: '#0f766e',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
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
