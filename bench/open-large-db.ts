/**
 * Time from choosing a generated ~100 MB database to its schema shown, in headless Chromium
 * against the built app. Timed inside the page: from the file input's change event to the frame
 * where the new database's tables are in the sidebar.
 *
 *   npx vite build && npx tsx bench/open-large-db.ts [distDir]
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { makeLargeDb } from './support/make-large-db';

const RUNS = 3;
const dist = resolve(process.argv[2] ?? 'dist');
const port = Number(process.env.BENCH_PORT ?? 4192);

const dbPath = makeLargeDb();
const sizeMb = statSync(dbPath).size / 1024 / 1024;

const server = await preview({
  build: { outDir: dist },
  preview: { port, strictPort: true },
  logLevel: 'error',
});
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/`);
  // A first visit opens the sample; wait for it so that its load is not counted.
  await page
    .getByTestId('schema-browser')
    .getByRole('button', { name: 'Album', exact: true })
    .waitFor({ timeout: 60_000 });

  const timings: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    if (run > 0) {
      // Back to the sample between runs, so that each run opens the large file afresh.
      await page.getByRole('button', { name: 'Sample: Chinook' }).click();
      await page
        .getByTestId('schema-browser')
        .getByRole('button', { name: 'Album', exact: true })
        .waitFor({ timeout: 60_000 });
    }
    await page.evaluate(() => {
      const marks = window as unknown as { __chosenAt?: number };
      delete marks.__chosenAt;
      document.addEventListener('change', () => (marks.__chosenAt = performance.now()), {
        capture: true,
        once: true,
      });
    });
    await page.getByLabel('Open database').setInputFiles(dbPath);
    const handle = await page.waitForFunction(
      () => {
        const marks = window as unknown as { __chosenAt?: number };
        const name = document.querySelector('[data-testid="database-name"]')?.textContent;
        const shown = [...document.querySelectorAll('[data-testid="schema-browser"] button')].some(
          (button) => button.textContent === 'orders',
        );
        return name === 'large.sqlite' && shown && marks.__chosenAt !== undefined
          ? performance.now() - marks.__chosenAt
          : null;
      },
      undefined,
      { polling: 'raf', timeout: 120_000 },
    );
    const ms = (await handle.jsonValue()) as number;
    timings.push(ms);
    console.log(`run ${run + 1}: ${Math.round(ms)} ms`);
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  console.log(
    `Open a ${sizeMb.toFixed(0)} MB database, file chosen to schema shown (headless Chromium): median ${Math.round(median)} ms over ${RUNS} runs`,
  );
} finally {
  await browser.close();
  await new Promise<void>((done) => server.httpServer.close(() => done()));
}
