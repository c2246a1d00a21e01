/**
 * The staged pipeline in the built app, with the OpenAI-compatible engine talking to a mock
 * server that answers each stage by its prompt's task sentence. Chinook is the first-visit sample.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './support/test';
import { CORRECT_VERDICT } from '../src/core/pipeline/prompts';
import { API_KEYS_STORAGE_KEY } from '../src/services/storage/api-key-store';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import {
  DEFAULT_RUN_CALLS,
  PipelinePage,
  replyByStage,
  STAGE_TITLES,
  stageOf,
  type StageReplies,
} from './support/pipeline-page';

const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;

/** A one-table question every stage answers cleanly: four model calls, continuation skipped. */
const COUNT_ARTISTS: StageReplies = {
  links: '{"Artist": ["ArtistId"]}',
  pseudo_sql: fenced('SELECT count(*) FROM Artist;'),
  sql: fenced('SELECT count(*) AS artists FROM Artist;'),
  correction: CORRECT_VERDICT,
};

// Each test loads the app, the sample and sql.js from scratch; on a busy machine that alone can
// take half a minute.
test.describe.configure({ timeout: 120_000 });

let server: MockOpenAiServer | null = null;

async function startServer(
  respond: Parameters<typeof startMockOpenAiServer>[0]['respond'],
  requireApiKey?: string,
) {
  server = await startMockOpenAiServer({ respond, models: ['mock-model'], requireApiKey });
  return server;
}

test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('a full run on Chinook shows all five cards and the final result', async ({ page }) => {
  const mock = await startServer(replyByStage(COUNT_ARTISTS));
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.ask('How many artists are there?');
  await app.waitForRunEnd();

  const titles = await page.locator('section[data-stage] h3').allTextContents();
  expect(titles).toEqual([...STAGE_TITLES]);
  for (const title of ['Schema linking', 'SQL generation', 'Noise correction', 'Result'] as const) {
    await expect(app.status(title)).toHaveText('done');
  }
  await expect(app.status('Continuation writing')).toHaveText('skipped');
  await expect(app.card('Continuation writing')).toContainText(
    'skipped: the SQL runs and reads fewer than 3 tables',
  );
  // Schema linking kept only Artist; the checklist shows it ticked and Album not.
  await expect(
    app.card('Schema linking').getByRole('checkbox', { name: 'Artist', exact: true }),
  ).toBeChecked();
  await expect(
    app.card('Schema linking').getByRole('checkbox', { name: 'Album', exact: true }),
  ).not.toBeChecked();
  // The prompt is there, folded, and the answer as streamed.
  await expect(app.card('SQL generation').locator('details').first()).not.toHaveAttribute(
    'open',
    '',
  );
  await expect(app.card('SQL generation').getByLabel('Answer', { exact: true })).toContainText(
    'SELECT count(*) AS artists',
  );
  await expect(app.card('SQL generation')).toContainText(/tok\/s/);
  await expect(app.resultGrid).toContainText('artists');
  await app.expectFinalRows([['275']]);
  expect(mock.requests.map(stageOf)).toEqual(['links', 'pseudo_sql', 'sql', 'correction']);

  await app.card('Result').getByRole('button', { name: 'Open in editor' }).click();
  await expect(page.getByRole('tab', { name: 'SQL' })).toHaveAttribute('aria-selected', 'true');
});

test('a first SQL that fails is corrected, and the card says why', async ({ page }) => {
  const mock = await startServer(
    replyByStage({
      links: '{"Artist": ["Name"]}',
      pseudo_sql: fenced("SELECT count(*) FROM Artist WHERE Name LIKE 'A%';"),
      sql: fenced("SELECT count(*) AS n FROM Artist WHERE Nme LIKE 'A%';"),
      correction: `The column is called Name.\n${fenced("SELECT count(*) AS n FROM Artist WHERE Name LIKE 'A%';")}`,
    }),
  );
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.ask('How many artists have a name starting with A?');
  await app.waitForRunEnd();

  const correction = app.card('Noise correction');
  await expect(correction).toContainText(
    'correction adopted: the SQL failed with: no such column: Nme',
  );
  await expect(correction.locator('[data-verdict="adopted"]')).toBeVisible();
  await app.expectFinalRows([['26']]);
});

test('a question over three tables triggers continuation writing, and a longer prefix steers it', async ({
  page,
}) => {
  const joined =
    "count(DISTINCT ar.Name) AS artists FROM Artist ar JOIN Album al ON al.ArtistId = ar.ArtistId JOIN Track t ON t.AlbumId = al.AlbumId JOIN Genre g ON g.GenreId = t.GenreId WHERE g.Name = 'Jazz'";
  const byStage = replyByStage({
    links:
      '{"Artist": ["ArtistId", "Name"], "Album": ["AlbumId", "ArtistId"], "Track": ["AlbumId", "GenreId"], "Genre": ["GenreId", "Name"]}',
    pseudo_sql: fenced(`SELECT ${joined};`),
    sql: fenced(`SELECT ${joined};`),
    correction: CORRECT_VERDICT,
    // The default prefix is `SELECT `: the model writes the rest.
    continuation: joined + ';',
  });
  const mock = await startServer((body) => {
    const prompt = (body.messages ?? []).map((m) => m.content).join('\n');
    // With the person's longer prefix, the "model" follows it and answers the whole query.
    if (
      stageOf(body) === 'continuation' &&
      prompt.includes('SELECT count(DISTINCT ar.Name) AS jazz_artists')
    ) {
      return { content: fenced(`SELECT ${joined.replace('AS artists', 'AS jazz_artists')};`) };
    }
    return byStage(body);
  });
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.ask('How many artists have jazz tracks?');
  await app.waitForRunEnd();

  await expect(app.status('Continuation writing')).toHaveText('done');
  await expect(app.card('Continuation writing')).toContainText('the SQL reads 4 tables');
  await expect(app.card('Continuation writing')).toContainText('Completed SQL');
  expect(mock.requests.map(stageOf)).toEqual(DEFAULT_RUN_CALLS);
  await app.expectFinalRows([['10']]);

  const prefix = app
    .card('Continuation writing')
    .getByRole('textbox', { name: /Continuation prefix/ });
  await prefix.fill('SELECT count(DISTINCT ar.Name) AS jazz_artists');
  await expect(app.status('Result')).toHaveText('stale');
  const before = mock.requests.length;
  await app.startRun(() =>
    app.card('Continuation writing').getByRole('button', { name: 'Re-run from here' }).click(),
  );
  await app.waitForRunEnd();
  expect(mock.requests.slice(before).map(stageOf)).toEqual(['continuation']);
  await expect(app.card('Continuation writing')).toContainText('you edited the prefix');
  await expect(app.resultGrid).toContainText('jazz_artists');
});

test('an edited SQL marks later stages stale and re-runs from its stage', async ({ page }) => {
  const mock = await startServer(replyByStage(COUNT_ARTISTS));
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.ask('How many artists are there?');
  await app.waitForRunEnd();
  await app.expectFinalRows([['275']]);
  const callsBefore = mock.requests.length;

  await app.replaceSql('SQL generation', 'SELECT Title FROM Album WHERE AlbumId = 1');
  for (const title of ['Noise correction', 'Continuation writing', 'Result'] as const) {
    await expect(app.status(title)).toHaveText('stale');
  }
  await expect(app.status('Schema linking')).toHaveText('done');
  await app.startRun(() =>
    app.card('SQL generation').getByRole('button', { name: 'Re-run from here' }).click(),
  );
  await app.waitForRunEnd();

  await expect(app.resultGrid).toContainText('For Those About To Rock We Salute You');
  await expect(app.status('Result')).toHaveText('done');
  // Only noise correction asked the model again; schema linking and SQL generation were kept.
  expect(mock.requests.slice(callsBefore).map(stageOf)).toEqual(['correction']);
  await expect(
    app.card('SQL generation').getByRole('button', { name: 'Re-run from here' }),
  ).toHaveCount(0);
});

test('a stage switched off is skipped and costs no model call', async ({ page }) => {
  const mock = await startServer(replyByStage(COUNT_ARTISTS));
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.setSwitch('Noise correction', false);
  await app.ask('How many artists are there?');
  await app.waitForRunEnd();

  await expect(app.status('Noise correction')).toHaveText('skipped');
  await expect(app.card('Noise correction')).toContainText('noise correction is switched off');
  expect(mock.requests.map(stageOf)).toEqual(['links', 'pseudo_sql', 'sql']);
  await app.expectFinalRows([['275']]);

  // The switch is remembered across a reload.
  await page.reload();
  await app.waitUntilReady();
  await expect(
    page.getByRole('checkbox', { name: 'Noise correction', exact: true }),
  ).not.toBeChecked();
});

test('Stop during streaming leaves a clear stopped state, and the next Ask works', async ({
  page,
}) => {
  let slow = true;
  const fast = replyByStage(COUNT_ARTISTS);
  const mock = await startServer((body) =>
    slow && stageOf(body) === 'links'
      ? {
          content: '{"Artist": ["ArtistId", "Name"], "Album": ["AlbumId"]}',
          chunkSize: 1,
          delayMsPerChunk: 300,
        }
      : fast(body),
  );
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.ask('How many artists are there?');

  await expect(app.status('Schema linking')).toHaveText('running');
  await expect(app.card('Schema linking').getByLabel('Schema links answer')).toContainText(
    'Artist',
  );
  await expect(app.stopButton).toBeEnabled();
  await app.stopButton.click();

  await expect(app.status('Schema linking')).toHaveText('stopped');
  await expect(page.getByRole('status')).toContainText('Stopped.');
  await expect(app.stopButton).toBeDisabled();
  await expect(app.status('SQL generation')).toHaveText('waiting');

  slow = false;
  await app.startRun(() => app.askButton.click());
  await app.waitForRunEnd();
  await app.expectFinalRows([['275']]);
  await expect(app.status('Schema linking')).toHaveText('done');
});

test('a connection dropped mid-stream ends that stage with a clear error', async ({ page }) => {
  const mock = await startServer(
    replyByStage({
      ...COUNT_ARTISTS,
      sql: { content: fenced('SELECT count(*) AS artists FROM Artist;'), dropAfterChars: 12 },
    }),
  );
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.ask('How many artists are there?');
  await app.waitForRunEnd();

  await expect(app.status('SQL generation')).toHaveText('failed');
  const alert = app.card('SQL generation').getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/connection|stream|dropped|broke/i);
  // The page is not stuck: Ask is available again, and the person can write the SQL the
  // stream lost and go on from there.
  await expect(app.askButton).toBeEnabled();
  await app.replaceSql('SQL generation', 'SELECT count(*) AS artists FROM Artist');
  await app.startRun(() =>
    app.card('SQL generation').getByRole('button', { name: 'Re-run from here' }).click(),
  );
  await app.waitForRunEnd();
  await app.expectFinalRows([['275']]);
});

test('history survives a reload and a run exports without the API key', async ({ page }) => {
  const apiKey = 'sk-test-secret-4242';
  const mock = await startServer(replyByStage(COUNT_ARTISTS), apiKey);
  // The key kept for the mock server's origin, as a person who typed it on an earlier visit has.
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [
    API_KEYS_STORAGE_KEY,
    JSON.stringify({ [new URL(mock.baseUrl).origin]: apiKey }),
  ] as const);
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.ask('How many artists are there?', 'artists are rows of Artist');
  await app.waitForRunEnd();
  await app.expectFinalRows([['275']]);

  await page.reload();
  await app.waitUntilReady();
  await page.getByRole('tab', { name: 'History' }).click();
  const entry = page.getByRole('list', { name: 'Past runs' }).getByRole('listitem').first();
  await expect(entry).toContainText('How many artists are there?');
  await expect(entry).toContainText('chinook');
  await expect(entry).toContainText('done');

  const download = page.waitForEvent('download');
  await entry.getByRole('button', { name: 'JSON' }).click();
  const file = await (await download).path();
  const text = await readFile(file, 'utf8');
  expect(text).not.toContain(apiKey);
  const exported = JSON.parse(text);
  expect(exported.question).toBe('How many artists are there?');
  expect(exported.hint).toBe('artists are rows of Artist');
  expect(exported.model.modelId).toBe('mock-model');
  expect(exported.database.schemaHash).toMatch(/^[0-9a-f]{8}$/);
  expect(exported.stages.sql_generation.calls[0].answer).toContain('SELECT count(*) AS artists');
  expect(exported.resultSummary).toEqual({ rowCount: 1, columns: ['artists'], truncated: false });

  const markdown = page.waitForEvent('download');
  await entry.getByRole('button', { name: 'Markdown' }).click();
  const md = await readFile(await (await markdown).path(), 'utf8');
  expect(md).toContain('# How many artists are there?');
  expect(md).not.toContain(apiKey);

  // Reopen: the Ask view shows the run as it was, read-only.
  await entry.getByRole('button', { name: 'How many artists are there?', exact: true }).click();
  await expect(page.getByText('Opened from history')).toBeVisible();
  await expect(app.question).toHaveValue('How many artists are there?');
  await app.expectFinalRows([['275']]);
  await expect(app.status('Continuation writing')).toHaveText('skipped');

  // Delete it: gone from the list, and still gone after a reload.
  await page.getByRole('tab', { name: 'History' }).click();
  await entry.getByRole('button', { name: /^Delete run/ }).click();
  await expect(page.getByText('No runs yet.')).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByText('No runs yet.')).toBeVisible();
});

test('without a model the Ask view says what to do and leads to the Model view', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByText('A database is open.')).toBeVisible({ timeout: 30_000 });
  await expect(
    page.getByText('A model: load one in the browser or connect a server.'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Open the Model view' }).click();
  await expect(page.getByRole('tab', { name: 'Model' })).toHaveAttribute('aria-selected', 'true');
});
