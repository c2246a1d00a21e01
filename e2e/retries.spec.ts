/**
 * A server that fails now and then, as real ones do under load: the Evaluate view scores the
 * same EX as with a healthy server and counts the retried calls; the stage card says when its
 * call was tried again and why.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './support/test';
import { CORRECT_VERDICT } from '../src/core/pipeline/prompts';
import { SPIDER_DEV_JSON } from '../src/test-support/shared-data';
import { ENGINE_SETTINGS_KEY } from '../src/services/storage/engine-settings-store';
import { faultyResponder } from './support/faulty-server';
import { benchmarkResponder } from './support/mock-benchmark-model';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import { EvaluatePage } from './support/evaluate-page';
import { PipelinePage, replyByStage, stageOf } from './support/pipeline-page';

const questions = JSON.parse(readFileSync(SPIDER_DEV_JSON, 'utf8')) as {
  question: string;
  query: string;
}[];
const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;

let server: MockOpenAiServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('the Evaluate view with a flaky server gives the healthy EX and counts the retried calls', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  // One request in three fails: 429 (Retry-After in seconds, then as a date), 503, 500, or the
  // stream cut mid-answer.
  const flaky = faultyResponder(benchmarkResponder(questions.slice(0, 8)), { every: 3 });
  server = await startMockOpenAiServer({ models: ['mock-model'], respond: flaky.respond });
  const app = new PipelinePage(page);
  const evaluate = new EvaluatePage(page);
  await app.open(server.baseUrl);
  await evaluate.show();
  await evaluate.loadSpiderSample();
  await evaluate.chooseFirst(8);
  await evaluate.runButton().click();
  await expect(evaluate.progress).toContainText(/retries \d+/);
  // The healthy server's figures (the responder is right first on odd questions, noise
  // correction fixes the rest).
  await expect(evaluate.ablationRow('All stages')).toContainText('100.0% (8/8)', {
    timeout: 120_000,
  });
  await expect(evaluate.ablationRow('Text2SQL only')).toContainText('50.0% (4/8)');
  await expect(page.getByTestId('unscored-note')).toHaveCount(0);
  const injected = Object.values(flaky.injected).reduce((a, b) => a + b, 0);
  expect(injected).toBeGreaterThan(4);
  const cells = await page.getByTestId('retried-calls').allTextContents();
  const counted = cells.reduce((sum, text) => sum + Number(/^\d+/.exec(text)?.[0] ?? 0), 0);
  expect(counted).toBe(injected);
  await page
    .getByRole('region', { name: 'Ablation' })
    .screenshot({ path: testInfo.outputPath('retries-ablation.png') });
});

test('questions a server error left unscored are counted apart, and Resume scores them', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  // One retry per call, so that a server that keeps failing is given up on quickly.
  await page.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value);
    },
    [ENGINE_SETTINGS_KEY, JSON.stringify({ server: { retries: 1 } })] as const,
  );
  const flaky = faultyResponder(benchmarkResponder(questions.slice(0, 4)), {
    every: 1,
    faults: ['503'],
  });
  flaky.failAll = true;
  server = await startMockOpenAiServer({ models: ['mock-model'], respond: flaky.respond });
  const app = new PipelinePage(page);
  const evaluate = new EvaluatePage(page);
  await app.open(server.baseUrl);
  await evaluate.show();
  await evaluate.loadSpiderSample();
  await evaluate.chooseFirst(4);
  await evaluate.runButton().click();
  await expect(page.getByTestId('unscored-note')).toHaveText(
    '8 results not scored (server error): Resume runs them again.',
    { timeout: 120_000 },
  );
  await expect(evaluate.ablationRow('All stages').getByTestId('unscored-count')).toHaveText('4');
  await expect(evaluate.ablationRow('All stages')).toContainText('0.0% (0/4)');
  await expect(evaluate.runButton()).toHaveText('Resume 4 questions × 2 settings');
  await page.getByRole('combobox', { name: 'Setting shown' }).selectOption({ label: 'All stages' });
  const first = page.getByTestId('question-row').first();
  await expect(first).toHaveAttribute('data-match', 'unscored');
  await first.getByRole('button').first().click();
  await expect(first.getByTestId('match-reason')).toContainText(
    'Not scored (server error), Resume runs it again:',
  );
  await expect(first.getByTestId('match-reason')).toContainText('(503)');
  for (const width of [768, 1024, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const region of ['Run', 'Ablation'])
      await page
        .getByRole('region', { name: region, exact: true })
        .screenshot({ path: testInfo.outputPath(`retries-unscored-${region}-${width}.png`) });
  }

  flaky.failAll = false;
  await evaluate.runButton().click();
  await expect(evaluate.ablationRow('All stages')).toContainText('100.0% (4/4)', {
    timeout: 120_000,
  });
  await expect(evaluate.ablationRow('Text2SQL only')).toContainText('50.0% (2/4)');
  await expect(page.getByTestId('unscored-note')).toHaveCount(0);
  await expect(page.getByTestId('unscored-count')).toHaveCount(0);
});

test('the SQL generation card says its call was tried again after a 429, and why', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const healthy = replyByStage({
    links: '{"Artist": ["ArtistId"]}',
    pseudo_sql: fenced('SELECT count(*) FROM Artist;'),
    sql: fenced('SELECT count(*) AS artists FROM Artist;'),
    correction: CORRECT_VERDICT,
  });
  let refused = false;
  server = await startMockOpenAiServer({
    models: ['mock-model'],
    respond: (body) => {
      const reply = healthy(body);
      if (stageOf(body) !== 'sql' || refused) return reply;
      refused = true;
      return { ...reply, status: 429, headers: { 'Retry-After': '1' } };
    },
  });
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);
  await app.ask('How many artists are there?');
  await app.waitForRunEnd();
  await expect(app.card('SQL generation').getByTestId('call-retries')).toHaveText(
    'retried once: 429, waited 1 s',
  );
  await expect(app.card('SQL generation').getByLabel('Answer')).toHaveText(
    fenced('SELECT count(*) AS artists FROM Artist;'),
  );
  await expect(app.status('SQL generation')).toHaveText('done');
  await app
    .card('SQL generation')
    .screenshot({ path: testInfo.outputPath('retries-stage-card.png') });
});
