/**
 * The installable, offline and private app, with its service worker on (the other specs block
 * it): a reload without network opens the app, the last database and History and runs SQL; the
 * network meter lists nothing but the endpoint after a full run on the mock server; offline
 * mode refuses a request to another host and the meter shows it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { CORRECT_VERDICT } from '../src/core/pipeline/prompts';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import { PipelinePage, replyByStage } from './support/pipeline-page';
import { WorkbenchPage } from './support/workbench-page';

test.use({ serviceWorkers: 'allow' });
// The first visit precaches about 5 MB; on a busy machine that takes a while.
test.describe.configure({ timeout: 180_000 });

const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;

let mock: MockOpenAiServer | null = null;
let other: Server | null = null;

test.afterEach(async () => {
  await mock?.close();
  mock = null;
  await new Promise((resolve) => (other ? other.close(resolve) : resolve(null)));
  other = null;
});

async function startMock() {
  mock = await startMockOpenAiServer({
    models: ['mock-model'],
    respond: replyByStage({
      links: '{"Artist": ["ArtistId"]}',
      pseudo_sql: fenced('SELECT count(*) FROM Artist;'),
      sql: fenced('SELECT count(*) AS artists FROM Artist;'),
      correction: CORRECT_VERDICT,
    }),
  });
  return mock;
}

async function waitUntilOfflineReady(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: 'Ready offline' })).toBeVisible({
    timeout: 120_000,
  });
}

async function openMeter(page: Page) {
  const button = page.getByTestId('network-meter');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  return page.getByRole('region', { name: 'Network activity' });
}

async function hostsListed(page: Page): Promise<string[]> {
  const panel = await openMeter(page);
  return panel
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host') ?? ''));
}

test('installable: a manifest with name, icons, start URL and standalone display', async ({
  page,
  request,
}) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get(new URL(href ?? '', page.url()).href)).json();
  expect(manifest).toMatchObject({ name: 'Text-to-SQL Playground', display: 'standalone' });
  expect(manifest.start_url).toBeTruthy();
  for (const icon of manifest.icons as { src: string; sizes: string }[]) {
    const response = await request.get(new URL(icon.src, page.url()).href);
    expect(response.headers()['content-type']).toBe('image/png');
    const bytes = await response.body();
    // A real PNG of the stated size: the IHDR width sits at bytes 16-19.
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
  }
  expect(manifest.icons.some((i: { sizes: string }) => i.sizes === '512x512')).toBe(true);
});

test('after a full run on the mock server the meter lists only the endpoint; offline, a reload opens the app, the database, History and runs SQL', async ({
  page,
  context,
}) => {
  const server = await startMock();
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);
  await waitUntilOfflineReady(page);
  await app.ask('How many artists are there?');
  // The first question also loads the bundled tokenizer (about 11 MB) through the service worker.
  await app.waitForRunEnd(90_000);
  await app.expectFinalRows([['275']]);

  // Other than the app's own files, the one host the page (and its workers) talked to.
  const endpointHost = new URL(server.baseUrl).host;
  const pageHost = new URL(page.url()).host;
  expect((await hostsListed(page)).sort()).toEqual([endpointHost, pageHost].sort());
  const endpointRow = (await openMeter(page)).locator(`tr[data-host="${endpointHost}"]`);
  // GET /models, then four chat calls.
  const sent = Number(await endpointRow.locator('td').nth(1).innerText());
  expect(sent).toBeGreaterThanOrEqual(server.requests.length);
  expect(server.requests.length).toBe(4);
  await expect(page.getByTestId('network-meter')).toHaveAttribute(
    'data-foreign-requests',
    String(sent),
  );

  await context.setOffline(true);
  await page.reload();
  const wb = new WorkbenchPage(page);
  await expect(wb.databaseName).toHaveText('chinook.sqlite', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('tabpanel', { name: 'History' })).toContainText(
    'How many artists are there?',
  );
  await wb.tableButton('Genre').click();
  await expect(wb.resultSummary).toContainText('25 rows');
  await expect(page.locator('[data-editor-state="ready"]').first()).toBeVisible();
  await context.setOffline(false);
});

test('offline mode refuses a request to another host and the meter shows it', async ({ page }) => {
  let otherHits = 0;
  other = createServer((_req, res) => {
    otherHits += 1;
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
    res.end('hello');
  });
  await new Promise<void>((resolve) => other?.listen(0, '127.0.0.1', resolve));
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/ping`;
  const server = await startMock();
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);
  await waitUntilOfflineReady(page);

  const tryFetch = (url: string) =>
    page.evaluate(
      (u) =>
        fetch(u).then(
          (r) => r.status,
          (e: Error) => e.name,
        ),
      url,
    );
  // Switched off: the other host answers.
  expect(await tryFetch(otherUrl)).toBe(200);
  expect(otherHits).toBe(1);

  const panel = await openMeter(page);
  await panel.getByLabel('Offline mode').check();
  await expect(panel).toContainText(`or to ${server.baseUrl}`);
  // The policy reaches the worker by message; the refusal is what counts.
  await expect.poll(() => tryFetch(`${otherUrl}?again`), { timeout: 10_000 }).toBe('TypeError');
  expect(otherHits).toBe(1);
  // The endpoint in use still answers, and so does the app itself.
  expect(await tryFetch(`${server.baseUrl}/models`)).toBe(200);
  expect(await tryFetch('./manifest.webmanifest')).toBe(200);

  const otherHost = new URL(otherUrl).host;
  const row = panel.locator(`tr[data-host="${otherHost}"]`);
  await expect(row.locator('td').nth(3)).not.toHaveText('0');
  await expect(page.getByTestId('network-meter')).toContainText('refused');

  // The switch is remembered, and the worker applies it after a reload too.
  await page.reload();
  await waitUntilOfflineReady(page);
  expect(await tryFetch(`${otherUrl}?after-reload`)).toBe('TypeError');
  expect(otherHits).toBe(1);
});
