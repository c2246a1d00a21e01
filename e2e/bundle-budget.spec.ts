/**
 * The on-device budget: everything JavaScript the page and its workers fetch before the model's
 * weights start to download stays within 3.3 MiB gzip, Monaco included, with web-llm in it once
 * (only its worker imports it). bench/on-device-visit.ts prints the same figures file by file.
 */
import { expect, test } from './support/test';
import { chromiumLaunchOptions } from './support/browser';
import { measureOnDeviceVisit, ON_DEVICE_BUDGET_BYTES } from './support/on-device-visit';

test.use({ launchOptions: chromiumLaunchOptions(['--enable-unsafe-webgpu']) });

test('an on-device visit fetches web-llm once and stays within 3.3 MiB of JavaScript', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const visit = await measureOnDeviceVisit(browser, `${baseURL}/`, process.env.E2E_DIST ?? 'dist');
  // The visit got as far as the weights (web-llm's first request to the model's host).
  expect(visit.firstForeignUrl).toMatch(/^https:\/\/huggingface\.co\//);
  expect(visit.webllmCopies).toBe(1);
  expect(visit.files.some((f) => f.path.includes('monaco'))).toBe(true);
  expect(visit.totalGzipBytes).toBeLessThanOrEqual(ON_DEVICE_BUDGET_BYTES);
});
