/**
 * The trust promises of docs/security.md, tried as someone would who wants to break them: a link
 * to a server that is not the person's, a key typed for one server, markup in model answers and
 * in database cells, a model that answers with writes, and code injected into the page.
 */
import type { Page } from '@playwright/test';
import { READ_ONLY_REFUSAL } from '../src/core/pipeline/adoption';
import { CORRECT_VERDICT } from '../src/core/pipeline/prompts';
import { seriousViolations } from './support/axe';
import { DataLabPage } from './support/data-lab-page';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import { ModelPage } from './support/model-page';
import { PipelinePage, replyByStage } from './support/pipeline-page';
import { serverLink, serverProposal } from './support/server-link';
import { expect, test } from './support/test';
import { WorkbenchPage } from './support/workbench-page';

test.describe.configure({ timeout: 120_000 });

const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;
const KEY_A = 'sk-typed-for-server-A';

let servers: MockOpenAiServer[] = [];
test.afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function mockServer(options: Parameters<typeof startMockOpenAiServer>[0]) {
  const server = await startMockOpenAiServer(options);
  servers.push(server);
  return server;
}

/** Server A, the person's own (it needs KEY_A), and server B, named by someone else's link. */
async function serversAandB() {
  const a = await mockServer({
    models: ['a-model'],
    requireApiKey: KEY_A,
    respond: () => ({ content: 'from A' }),
  });
  const b = await mockServer({ models: ['b-model'], respond: () => ({ content: 'from B' }) });
  return { a, b };
}

async function connectToA(page: Page, a: MockOpenAiServer) {
  const model = new ModelPage(page);
  await model.open();
  await model.connect(a.baseUrl, { model: 'a-model', apiKey: KEY_A });
  await model.expectReady();
  return model;
}

const keysSentTo = (server: MockOpenAiServer) =>
  server.received.map((r) => r.authorization).filter((value) => value !== null);

test('a link to another server sends it nothing until the person says yes, and never their key', async ({
  page,
}) => {
  const { a, b } = await serversAandB();
  const model = await connectToA(page, a);

  await page.goto(serverLink(b.baseUrl, 'b-model'));
  const proposal = serverProposal(page);
  await expect(proposal).toBeVisible();
  await expect(proposal.getByTestId('proposed-host')).toHaveText(new URL(b.baseUrl).host);
  await expect(proposal).toContainText('the schema and sample rows of chinook');
  // The person's own server comes back meanwhile, with its own key.
  await model.show();
  await model.expectReady();
  await expect(model.chip).toContainText('a-model');
  await page.screenshot({ path: test.info().outputPath('security-proposal.png') });
  expect(await seriousViolations(page)).toEqual([]);
  expect(b.received).toEqual([]);
  await page.getByTestId('network-meter').click();
  await expect(page.getByRole('table', { name: 'Requests by host' })).not.toContainText(
    new URL(b.baseUrl).host,
  );
  await page.getByTestId('network-meter').click();

  // "Ignore": nothing reaches B, and the link is gone from the address.
  await proposal.getByRole('button', { name: 'Ignore' }).click();
  await expect(proposal).toHaveCount(0);
  expect(new URL(page.url()).searchParams.has('endpoint')).toBe(false);
  expect(b.received).toEqual([]);

  // The same link again, and this time "Use this server": B works, with no key at all.
  await page.goto(serverLink(b.baseUrl, 'b-model'));
  await serverProposal(page).getByRole('button', { name: 'Use this server' }).click();
  await model.show();
  await model.expectReady();
  await expect(model.chip).toContainText('b-model');
  await expect(model.apiKey).toHaveValue('');
  await model.send('hello');
  await expect(model.output).toHaveText('from B');
  expect(b.received.some((r) => r.path === '/v1/chat/completions')).toBe(true);
  expect(keysSentTo(b)).toEqual([]);
  // A's key is still A's: pointing the field back at A shows it again.
  await model.endpoint.fill(a.baseUrl);
  await expect(model.apiKey).toHaveValue(KEY_A);
  expect(new Set(keysSentTo(a))).toEqual(new Set([`Bearer ${KEY_A}`]));
});

test('typing another server in the Model or Data view shows and sends that server’s key only', async ({
  page,
}) => {
  const { a, b } = await serversAandB();
  const model = await connectToA(page, a);

  // The Model view: B's URL shows B's key (none); connecting sends none.
  await model.endpoint.fill(b.baseUrl);
  await expect(model.apiKey).toHaveValue('');
  await expect(model.view.getByTestId('api-key-origin')).toContainText(new URL(b.baseUrl).origin);
  await model.view.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click();
  await model.expectReady();
  expect(b.received.length).toBeGreaterThan(0);
  expect(keysSentTo(b)).toEqual([]);

  // The Data view: the strong server is B; A's key does not follow.
  const lab = new DataLabPage(page);
  await lab.show();
  await lab.setStrong(b.baseUrl, 'b-model');
  await expect(lab.settings.getByLabel('Strong server key')).toHaveValue('');
  // The smallest run that calls the strong server: synthesis alone, for one pair. B's junk
  // answer ends it after one call, so it ends by itself (pressing Stop would race its end).
  await lab.setNumber('Pairs (N)', 1);
  const chatCalls = () => b.received.filter((r) => r.path === '/v1/chat/completions').length;
  const callsBefore = chatCalls();
  await lab.runStep('synthesis');
  await expect.poll(chatCalls, { timeout: 30_000 }).toBeGreaterThan(callsBefore);
  await lab.waitUntilIdle();
  expect(keysSentTo(b)).toEqual([]);
  expect(new Set(keysSentTo(a))).toEqual(new Set([`Bearer ${KEY_A}`]));
});

test('the built page ships its Content Security Policy, which stops injected script', async ({
  page,
  cspViolations,
}) => {
  const workbench = new WorkbenchPage(page);
  await workbench.gotoWithSample();
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  for (const directive of [
    "script-src 'self' 'wasm-unsafe-eval'",
    "object-src 'none'",
    "base-uri 'none'",
    "worker-src 'self'",
  ])
    expect(policy).toContain(directive);
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);

  const ran = await page.evaluate(async () => {
    const flag = window as unknown as { injected?: number };
    const script = document.createElement('script');
    script.textContent = 'window.injected = 1';
    document.body.append(script);
    const image = document.createElement('img');
    image.setAttribute('onerror', 'window.injected = 2');
    image.src = 'data:,not-an-image';
    document.body.append(image);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return flag.injected ?? null;
  });
  expect(ran).toBeNull();
  expect(cspViolations.join('\n')).toMatch(/script-src-elem/);
  expect(cspViolations.join('\n')).toMatch(/script-src-attr/);
  // These were the point of the test; the guard checks that nothing else was refused.
  cspViolations.length = 0;
});

const TABLE = '<img src=x onerror=window.pwned=1>';
const CELL = '<script>window.pwned=2</script><b>bold?</b>';

test('markup from the model and from database cells is shown as text everywhere', async ({
  page,
}) => {
  const answerMarkup = '<img src=x onerror=window.pwned=3> <b>trust me</b>';
  const server = await mockServer({
    models: ['mock-model'],
    respond: replyByStage(
      {
        links: JSON.stringify({ [TABLE]: ['label', 'n'] }),
        pseudo_sql: fenced(`SELECT label, n FROM "${TABLE}"`),
        sql: `${answerMarkup}\n${fenced(`SELECT label, n FROM "${TABLE}"`)}`,
        correction: `${answerMarkup} ${CORRECT_VERDICT}`,
      },
      {},
    ),
  });
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);
  const workbench = new WorkbenchPage(page);
  await workbench.showSqlView();
  await workbench.allowWrites().check();
  await workbench.runSql(
    `CREATE TABLE "${TABLE}" (label TEXT, n INTEGER); INSERT INTO "${TABLE}" VALUES ('${CELL}', 3), ('<i>x</i>', 4);`,
  );
  await expect(workbench.tableButton(TABLE)).toBeVisible();
  await workbench.allowWrites().uncheck();

  await app.showAsk();
  await app.ask(`How much per ${TABLE}?`);
  await app.waitForRunEnd();
  await expect(app.card('SQL generation')).toContainText(answerMarkup);
  await expect(app.resultGrid).toContainText(CELL);
  await expect(app.resultGrid.getByRole('table')).toHaveAttribute('aria-rowcount', '3');
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('list', { name: 'Past runs' })).toContainText(`per ${TABLE}?`);
  await page.getByRole('tab', { name: 'Diagram' }).click();
  await expect(page.getByRole('main')).toContainText(TABLE);
  await page.screenshot({ path: test.info().outputPath('security-markup.png') });

  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned ?? null)).toBe(
    null,
  );
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('main b', { hasText: /bold\?|trust me/ })).toHaveCount(0);
  await expect(page.locator('main i', { hasText: 'x' })).toHaveCount(0);
});

test('the model’s SQL never writes, even with "Allow writes" on in the SQL view', async ({
  page,
}) => {
  const server = await mockServer({
    models: ['mock-model'],
    respond: replyByStage({
      links: '{"Artist": ["ArtistId", "Name"]}',
      pseudo_sql: fenced('SELECT count(*) FROM Artist'),
      sql: fenced('DROP TABLE Artist;\nSELECT 1'),
      correction: `It should rename them.\n${fenced("UPDATE Artist SET Name = (SELECT 'x')")}`,
      continuation: fenced(
        'WITH gone AS (SELECT TrackId FROM Track) DELETE FROM Track WHERE TrackId IN gone',
      ),
    }),
  });
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);
  const workbench = new WorkbenchPage(page);
  await workbench.showSqlView();
  await workbench.allowWrites().check();

  await app.showAsk();
  await app.ask('How many artists are there?');
  await app.waitForRunEnd();
  for (const title of ['SQL generation', 'Noise correction', 'Continuation writing'] as const)
    await expect(app.card(title)).toContainText(READ_ONLY_REFUSAL);
  await page.screenshot({ path: test.info().outputPath('security-writes-refused.png') });

  await workbench.runSql(
    "SELECT (SELECT count(*) FROM Artist WHERE Name <> 'x') AS artists, (SELECT count(*) FROM Track) AS tracks",
  );
  await expect(workbench.resultTable).toHaveAttribute('aria-rowcount', '2');
  expect(await workbench.columnValues(0)).toEqual(['275']);
  expect(await workbench.columnValues(1)).toEqual(['3503']);
});
