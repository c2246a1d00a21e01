/**
 * Prompts that fit the model, end to end: the mock server behaves as `vllm serve
 * --max-model-len 4096` does (lists max_model_len, counts prompt tokens with the Qwen2.5
 * tokenizer and chat template, refuses an over-long request with vLLM's HTTP 400), and the app
 * fits every call to it.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { countChatTokens, type TokenCounter } from '../src/core/tokens/token-counter';
import { CORRECT_VERDICT } from '../src/core/pipeline/prompts';
import { loadQwenCounter } from '../src/test-support/qwen-tokenizer';
import { ModelPage } from './support/model-page';
import {
  startMockOpenAiServer,
  type MockOpenAiServer,
  type MockOpenAiServerOptions,
} from './support/mock-openai-server';
import {
  DEFAULT_RUN_CALLS,
  PipelinePage,
  replyByStage,
  stageOf,
  type StageReplies,
} from './support/pipeline-page';
import { WorkbenchPage } from './support/workbench-page';
import { writeWideDatabase } from './support/wide-database-file';

// The tokenizer loads on the first question (11 MB of vocabulary); a busy CI machine is slow at it.
test.describe.configure({ timeout: 400_000 });

const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;

let qwen: TokenCounter;
let server: MockOpenAiServer | null = null;

test.beforeAll(async () => {
  qwen = await loadQwenCounter();
});

test.afterEach(async () => {
  await server?.close();
  server = null;
});

async function startVllm(
  replies: StageReplies,
  vllm: Partial<NonNullable<MockOpenAiServerOptions['vllm']>> = {},
) {
  server = await startMockOpenAiServer({
    respond: replyByStage(replies),
    models: ['Qwen/Qwen2.5-Coder-7B-Instruct'],
    // Says it is vLLM (GET /version) and counts prompts on POST /tokenize, as vLLM does.
    kind: 'vllm',
    vllm: {
      maxModelLen: 4096,
      countPromptTokens: (messages) =>
        countChatTokens(
          qwen,
          messages.map((m) => ({ role: m.role as 'system' | 'user', content: m.content })),
        ),
      ...vllm,
    },
  });
  return server;
}

const WIDE_SQL =
  'SELECT c.name, h.amount, p.amount FROM customer AS c JOIN customer_history AS h ON h.customer_id = c.id JOIN payment AS p ON p.id = h.id';

const WIDE_REPLIES: StageReplies = {
  links:
    '{"customer": ["id", "name"], "customer_history": ["customer_id", "amount", "id"], "payment": ["id", "amount"]}',
  pseudo_sql: fenced(WIDE_SQL),
  sql: fenced(WIDE_SQL),
  correction: CORRECT_VERDICT,
  // Cut by the answer limit: it would run and return rows, but must not be adopted.
  continuation: { content: '```sql\nSELECT c.name FROM customer AS c', finishReason: 'length' },
};

async function openWide(page: Page, baseUrl: string, path: string, tables = 60) {
  const app = new PipelinePage(page);
  await app.open(baseUrl, 'Qwen/Qwen2.5-Coder-7B-Instruct');
  await new WorkbenchPage(page).openFile(writeWideDatabase(path, tables));
  await expect(page.getByTestId('database-name')).toHaveText(/wide/, { timeout: 90_000 });
  await app.showAsk();
  return app;
}

test('a run on a 600-table database fits every call into vLLM\u2019s 4,096 tokens', async ({
  page,
}, testInfo) => {
  const mock = await startVllm(WIDE_REPLIES);
  const app = await openWide(page, mock.baseUrl, testInfo.outputPath('wide-600.sqlite'), 600);
  await expect(page.getByTestId('engine-window')).toHaveText('4k window');
  await app.ask('List each customer with its customer history amount and payment amount');
  await app.waitForRunEnd(240_000);

  expect(mock.rejected).toEqual([]);
  expect(mock.requests.map(stageOf)).toEqual(DEFAULT_RUN_CALLS);
  // The pinned decoding goes out on every call.
  for (const request of mock.requests) {
    expect(request).toMatchObject({
      temperature: 0.01,
      top_p: 0.5,
      max_tokens: 1024,
      repetition_penalty: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
    });
  }
  const links = app.card('Schema linking');
  await expect(links.getByTestId('fit-note').first()).toContainText(
    /^fitted to 4,096: .*of 600 tables left out as least related to the question$/,
  );
  // Counted before sending, by the bundled vocabulary and by the server's /tokenize, beside what
  // the server reported: the same tokenizer, the same count.
  await expect(links.getByTestId('prompt-budget').first()).toContainText(
    /prompt ([\d,]+) tokens counted · \1 by the server's \/tokenize · \1 by the engine · fits 4,096 with 1,024 for the answer/,
  );
  // Every prompt sent was counted by the server first, also after one count came too late (a
  // busy page: Playwright's own checks hold this 600-table page's main thread for seconds).
  expect(mock.tokenized.length).toBeGreaterThanOrEqual(mock.requests.length);

  // The cut continuation is marked and not adopted; the first SQL stays.
  const cw = app.card('Continuation writing');
  await expect(cw).toContainText('cut off by the answer limit');
  await expect(cw.locator('[data-verdict="rejected"]')).toContainText(
    'kept the original: the answer was cut off by the answer limit',
  );
  await expect(app.status('Result')).toHaveText('done');
  await expect(app.card('Result')).toContainText('customer_history');
  await cw.scrollIntoViewIfNeeded();
  await cw.screenshot({ path: testInfo.outputPath('cut-continuation-card.png') });
  await links.screenshot({ path: testInfo.outputPath('fitted-schema-linking-card.png') });
});

test('a model whose tokenizer counts longer than Qwen\u2019s still fits: the server\u2019s /tokenize decides', async ({
  page,
}, testInfo) => {
  // A model of another family behind vLLM: its tokenizer makes 20% more tokens of the same text.
  const longer = (messages: { role: string; content: string }[]) =>
    Math.ceil(
      countChatTokens(
        qwen,
        messages.map((m) => ({ role: m.role as 'system' | 'user', content: m.content })),
      ) * 1.2,
    );
  const mock = await startVllm(WIDE_REPLIES, { countPromptTokens: longer });
  const app = await openWide(page, mock.baseUrl, testInfo.outputPath('wide-60.sqlite'));
  await app.ask('List each customer with its customer history amount and payment amount');
  await app.waitForRunEnd(240_000);

  expect(mock.rejected).toEqual([]);
  expect(mock.requests.map(stageOf)).toEqual(DEFAULT_RUN_CALLS);
  const links = app.card('Schema linking');
  await expect(links.getByTestId('prompt-budget').first()).toContainText(
    /by the server's \/tokenize · .* fits 4,096 with 1,024 for the answer/,
  );
  await expect(links.getByTestId('fit-note').last()).toContainText(
    /^[\d,]+ tokens held back: the server's \/tokenize counts these prompts longer than the Qwen2\.5 vocabulary$/,
  );
  await links.screenshot({ path: testInfo.outputPath('server-tokenize-card.png') });
});

test('a window set too small on purpose fails each call before sending, with the numbers', async ({
  page,
}) => {
  const mock = await startVllm(WIDE_REPLIES, { maxModelLen: 1100 });
  const app = new PipelinePage(page);
  await app.open(mock.baseUrl, 'Qwen/Qwen2.5-Coder-7B-Instruct');
  await app.ask('How many artists are there?');
  await app.waitForRunEnd(240_000);
  expect(mock.requests).toEqual([]);
  const alert = app.card('SQL generation').getByRole('alert');
  await expect(alert).toContainText(
    /Not sent: even the smallest prompt for this call takes [\d,]+ tokens, and the model's window of 1,100 tokens leaves 76 after 1,024 tokens of answer room\./,
  );
  await expect(alert).toContainText(/larger window/);
});

test('a server that refuses an over-long prompt teaches the run its window', async ({
  page,
}, testInfo) => {
  // The server hides its window; the person typed one far too large.
  const mock = await startVllm(WIDE_REPLIES, { listMaxModelLen: false });
  const model = new ModelPage(page);
  await model.open();
  await model.view.getByLabel('OpenAI-compatible server').check();
  await model.view.getByText('Options', { exact: true }).click();
  await model.view.getByLabel('Context window (tokens)').fill('16384');
  await model.connect(mock.baseUrl, { model: 'Qwen/Qwen2.5-Coder-7B-Instruct' });
  await model.expectReady();
  await expect(page.getByTestId('server-window')).toContainText(
    '16,384-token window (from Options)',
  );

  await new WorkbenchPage(page).openFile(writeWideDatabase(testInfo.outputPath('wide-60.sqlite')));
  await expect(page.getByTestId('database-name')).toHaveText(/wide/, { timeout: 90_000 });
  const app = new PipelinePage(page);
  await app.showAsk();
  await app.ask('List each customer with its customer history amount and payment amount');
  await app.waitForRunEnd(240_000);

  // One refusal, with vLLM's numbers on the card; every later call fitted to 4,096.
  expect(mock.rejected).toHaveLength(1);
  expect(mock.requests.length).toBeGreaterThan(2);
  const links = app.card('Schema linking');
  await expect(links).toContainText(
    /The schema-linking call failed \(The call did not fit: a prompt of [\d,]+ tokens and 1,024 tokens of answer room exceed the model's context window of 4,096 tokens\.\)/,
  );
  // Later calls are fitted to the window the refusal named.
  await expect(app.card('SQL generation').getByTestId('prompt-budget')).toContainText(
    'fits 4,096 with 1,024 for the answer',
  );
  await expect(app.status('Result')).toHaveText('done');
});
