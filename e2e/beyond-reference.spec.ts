/**
 * The three switches beyond ROUTE's stages, end to end against the mock server pretending to be
 * llama.cpp, vLLM or Ollama: SQL constrained to the schema, the agreement vote, result checks.
 */
import { expect, test } from './support/test';
import { CORRECT_VERDICT } from '../src/core/pipeline/prompts';
import {
  startMockOpenAiServer,
  type MockOpenAiServer,
  type MockServerKind,
} from './support/mock-openai-server';
import { PipelinePage, replyByStage, stageOf, type StageReplies } from './support/pipeline-page';

const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;

test.describe.configure({ timeout: 120_000 });

let server: MockOpenAiServer | null = null;

async function startServer(kind: MockServerKind, replies: StageReplies) {
  server = await startMockOpenAiServer({
    respond: replyByStage(replies, { sqlOnFullSchema: true }),
    models: ['mock-model'],
    kind,
  });
  return server;
}

test.afterEach(async () => {
  await server?.close();
  server = null;
});

/** Plain Text2SQL plus the switch under test: fewer calls, a shorter test. */
async function plainRun(app: PipelinePage) {
  await app.setSwitch('Schema linking', false);
  await app.setSwitch('Noise correction', false);
  await app.setSwitch('Continuation writing', false);
}

test("SQL constrained to the schema: llama.cpp gets the grammar, Ollama's reason is shown", async ({
  page,
}, info) => {
  const mock = await startServer('llama.cpp', {
    sql: fenced('SELECT count(*) AS artists FROM Artist'),
    correction: CORRECT_VERDICT,
  });
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.setSwitch('Schema linking', false);
  await app.setSwitch('Continuation writing', false);
  await app.setSwitch('SQL constrained to the schema', true);
  await app.ask('How many artists are there?');
  await app.waitForRunEnd();

  // Schema linking is off, so SQL generation's prompt shows the full schema.
  const sqlRequest = mock.requests.find((r) => stageOf(r) === 'pseudo_sql');
  expect(String(sqlRequest?.grammar)).toMatch(/^root ::= "```sql\\n" query/);
  expect(String(sqlRequest?.grammar)).toContain(
    '[iI] [nN] [vV] [oO] [iI] [cC] [eE] [lL] [iI] [nN] [eE]',
  );
  const correction = mock.requests.find((r) => stageOf(r) === 'correction');
  expect(String(correction?.grammar)).toContain('"The query is correct."');
  await expect(app.card('SQL generation').getByTestId('grammar-section')).toContainText(
    /Constrained to the schema: grammar of \d+ rules, [\d.]+ KB\./,
  );
  await app.expectFinalRows([['275']]);
  await app.card('SQL generation').screenshot({ path: info.outputPath('grammar-card.png') });

  await mock.close();
  const ollama = await startServer('ollama', {
    sql: fenced('SELECT count(*) AS artists FROM Artist'),
  });
  await app.open(ollama.baseUrl);
  await plainRun(app);
  await app.ask('How many artists are there?');
  await app.waitForRunEnd();
  expect(ollama.requests[0]?.grammar).toBeUndefined();
  await expect(app.card('SQL generation').getByTestId('grammar-section')).toHaveText(
    'Not constrained: Ollama takes no grammar.',
  );
});

test('the agreement vote: vLLM draws the other samples with n in one request, the largest group wins', async ({
  page,
}, info) => {
  server = await startMockOpenAiServer({
    models: ['mock-model'],
    kind: 'vllm',
    respond: (body) => {
      if (Number(body.n) > 1)
        return {
          content: '',
          choices: [
            fenced('SELECT count(*) AS artists FROM Artist'),
            fenced('SELECT COUNT(ArtistId) FROM Artist;'),
            fenced('SELECT count(*) FROM Album'),
            fenced('SELECT count(DISTINCT Name) FROM Artist'),
          ],
        };
      return { content: fenced('SELECT count(*) FROM Album') };
    },
  });
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);
  await plainRun(app);
  await page.getByLabel('Agreement vote samples').selectOption('5');
  await app.ask('How many artists are there?');
  await app.waitForRunEnd();

  const drawn = server.requests.find((r) => Number(r.n) > 1);
  expect(drawn).toMatchObject({ n: 4, temperature: 0.7, stream: false });
  const card = app.card('Agreement vote');
  await expect(card.getByTestId('agreement-meter')).toHaveText(/3 of 5 agree/);
  await expect(card.getByTestId('vote-group')).toHaveCount(2);
  await expect(card.getByTestId('vote-group').first()).toContainText('samples 2, 3, 5');
  await expect(app.status('Agreement vote')).toHaveText('done');
  await app.expectFinalRows([['275']]);
  await card.screenshot({ path: info.outputPath('vote-card.png') });

  await page.getByRole('tab', { name: 'History' }).click();
  const entry = page.getByRole('list', { name: 'Past runs' }).getByRole('listitem').first();
  await expect(entry).toContainText('How many artists are there?');
  await expect(entry).toContainText('3 of 5 agree');
});

test("result checks: 'UK' matches no customer; the correction with 'United Kingdom' is adopted", async ({
  page,
}, info) => {
  const mock = await startServer('vllm', {
    sql: fenced("SELECT count(*) FROM Customer WHERE Country = 'UK'"),
    checks: `The data spells the country out.\n${fenced("SELECT count(*) FROM Customer WHERE Country = 'United Kingdom'")}`,
  });
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await plainRun(app);
  await app.setSwitch('Result checks', true);
  await app.ask('How many customers live in the UK?');
  await app.waitForRunEnd();

  const card = app.card('Result checks');
  await expect(card.getByTestId('result-findings')).toContainText(
    "Country = 'UK' matches no row of Customer; the column holds 'United Kingdom' (3 rows).",
  );
  await expect(card.getByTestId('result-findings')).toContainText(
    'On the corrected SQL the checks find nothing.',
  );
  const checks = mock.requests.find((r) => stageOf(r) === 'checks');
  expect(JSON.stringify(checks?.messages)).toContain("the column holds 'United Kingdom'");
  await app.expectFinalRows([['3']]);
  await card.screenshot({ path: info.outputPath('checks-card.png') });
});

test('result checks on SQL₀ too: what noise correction made go away is said so, nothing else is asked', async ({
  page,
}, info) => {
  const mock = await startServer('vllm', {
    sql: fenced("SELECT count(*) FROM Customer WHERE Country = 'UK'"),
    correction: fenced("SELECT count(*) FROM Customer WHERE Country = 'United Kingdom'"),
  });
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl);
  await app.setSwitch('Schema linking', false);
  await app.setSwitch('Continuation writing', false);
  await app.setSwitch('Result checks', true);
  await app.ask('How many customers live in the UK?');
  await app.waitForRunEnd();

  const card = app.card('Result checks');
  await expect(card.getByTestId('result-findings-first')).toContainText(
    "Country = 'UK' matches no row of Customer; the column holds 'United Kingdom' (3 rows). Gone after noise correction.",
  );
  await expect(card.getByTestId('result-findings')).toContainText(
    'No check found anything suspicious on the current SQL.',
  );
  expect(mock.requests.some((r) => stageOf(r) === 'checks')).toBe(false);
  await app.expectFinalRows([['3']]);
  await card.screenshot({ path: info.outputPath('checks-sql0-card.png') });
});
