/**
 * A server that fails now and then, as real ones do under load: the Evaluate view scores the
 * same EX as with a healthy server and counts the retried calls; the stage card says when its
 * call was tried again and why.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './support/test';
import { CORRECT_VERDICT } from '../src/core/pipeline/prompts';
import { SPIDER_DEV_JSON } from '../src/test-support/shared-data';
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
  await page.getByRole('radio', { name: 'First N' }).check();
  await page.getByRole('spinbutton', { name: 'Number of questions' }).fill('8');
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
