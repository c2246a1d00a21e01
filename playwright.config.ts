import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/browser';

// E2E_PORT / E2E_DIST let several builds be tested side by side (CI uses the defaults).
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ?? 'dist';

/**
 * e2e runs against the *built* app (`vite preview`), in Debian's Chromium where Playwright cannot
 * download its own. Specs that need WebGPU flags set them with `test.use({ launchOptions })`.
 */
export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  // One retry in CI absorbs a slow moment on a loaded machine; the retry reporter names every
  // retried test at the end of the log, so a flaky test is seen, not hidden.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['./e2e/support/retry-reporter.ts']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: chromiumLaunchOptions(),
    acceptDownloads: true,
    trace: 'retain-on-failure',
    // The service worker precaches ~5 MB in the background and answers from its cache: specs
    // that test it (offline.spec.ts) switch it on; the others see the plain network.
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'e2e', testIgnore: /long-tasks\.spec\.ts/ },
    // Long tasks are wall-clock time: they are measured alone, after every other spec, so that
    // the load of tests running beside them does not count as the page's.
    {
      name: 'quiet',
      testMatch: /long-tasks\.spec\.ts/,
      dependencies: ['e2e'],
      fullyParallel: false,
    },
  ],
  webServer: {
    command: `npx vite preview --outDir ${DIST} --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
