/**
 * What an on-device visit downloads before the model's weights: the page is opened in Chromium
 * with WebGPU, the SQL view is shown (so Monaco is part of the figure), the suggested model is
 * loaded, and every JavaScript file the page and its workers
 * fetch is counted (gzip size of the built file, once per URL) until the first request to
 * another host, which is web-llm starting the download (it fails here, with no network: that
 * marks the point). The service worker is blocked, so its background precache is not counted.
 * Used by bench/on-device-visit.ts (prints) and e2e/bundle-budget.spec.ts (asserts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';

/** The budget: Monaco included, web-llm once. */
export const ON_DEVICE_BUDGET_BYTES = 3.3 * 1024 * 1024;

export interface VisitFile {
  path: string;
  gzipBytes: number;
  /** The file carries web-llm (its engine class name survives minification). */
  webllm: boolean;
}

export interface OnDeviceVisit {
  files: VisitFile[];
  totalGzipBytes: number;
  webllmCopies: number;
  /** The first request to another host (the start of the weights' download), if it came. */
  firstForeignUrl: string | null;
}

export async function measureOnDeviceVisit(
  browser: Browser,
  baseUrl: string,
  distDir: string,
): Promise<OnDeviceVisit> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const scripts = new Set<string>();
  let firstForeignUrl: string | null = null;
  let foreignSeen: () => void = () => undefined;
  const foreign = new Promise<void>((resolve) => (foreignSeen = resolve));

  // The context's requests include those of the page's dedicated workers.
  context.on('request', (request) => {
    if (firstForeignUrl) return;
    const url = new URL(request.url());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    if (url.origin !== origin) {
      firstForeignUrl = request.url();
      foreignSeen();
      return;
    }
    if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
  });

  try {
    await page.goto(baseUrl);
    await page.getByRole('tab', { name: 'SQL' }).click();
    await page.locator('[data-editor-state="ready"]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Model' }).click();
    const load = page.getByRole('button', { name: 'Download and load' });
    await load.waitFor({ timeout: 60_000 });
    await load.click();
    await Promise.race([foreign, page.waitForTimeout(60_000)]);
  } finally {
    await context.close();
  }

  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const files = [...scripts].sort().map((pathname) => {
    const path = pathname.slice(basePath.length).replace(/^\//, '');
    const code = readFileSync(join(distDir, path));
    return {
      path,
      gzipBytes: gzipSync(code).length,
      webllm: code.includes('MLCEngine'),
    };
  });
  return {
    files,
    totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    webllmCopies: files.filter((f) => f.webllm).length,
    firstForeignUrl,
  };
}
