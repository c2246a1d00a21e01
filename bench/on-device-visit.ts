/**
 * The JavaScript an on-device visit downloads before the model's weights (gzip, once per URL):
 * Chromium with WebGPU opens the built app, loads the suggested model and stops counting at
 * web-llm's first request to the model's host. Budget 3.3 MiB, web-llm once.
 *
 *   npx vite build && npx tsx bench/on-device-visit.ts [distDir] [port]
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { measureOnDeviceVisit, ON_DEVICE_BUDGET_BYTES } from '../e2e/support/on-device-visit';

const dist = resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? 4199);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const server = spawn(
  'npx',
  ['vite', 'preview', '--outDir', dist, '--port', String(port), '--strictPort'],
  { stdio: 'ignore' },
);
try {
  const base = `http://localhost:${port}/`;
  for (let i = 0; i < 60; i++) {
    if (
      await fetch(base).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const browser = await chromium.launch(chromiumLaunchOptions(['--enable-unsafe-webgpu']));
  const visit = await measureOnDeviceVisit(browser, base, dist);
  await browser.close();
  console.log(`On-device visit (${dist}), JavaScript until the weights' download:`);
  for (const file of visit.files)
    console.log(
      `  ${file.path.padEnd(48)} ${kib(file.gzipBytes).padStart(12)} gzip${file.webllm ? '  [web-llm]' : ''}`,
    );
  console.log(
    `  total: ${kib(visit.totalGzipBytes)} gzip (${(visit.totalGzipBytes / 1024 / 1024).toFixed(2)} MiB; budget ${kib(ON_DEVICE_BUDGET_BYTES)})`,
  );
  console.log(`  web-llm copies: ${visit.webllmCopies}`);
  console.log(`  stopped at: ${visit.firstForeignUrl ?? 'no request to another host within 60 s'}`);
  if (visit.totalGzipBytes > ON_DEVICE_BUDGET_BYTES || visit.webllmCopies !== 1)
    process.exitCode = 1;
} finally {
  server.kill();
}
