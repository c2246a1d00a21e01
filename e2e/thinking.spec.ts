/**
 * Thinking models through the mock server, in both ways servers send thinking: inline `<think>`
 * blocks in the answer (llama.cpp, Ollama without a parser) and a separate field (vLLM's
 * `reasoning_content`). The final result is the real answer's, never a draft from the thinking;
 * the thinking shows folded on the card; max_tokens carries the thinking allowance; an answer
 * cut while thinking is marked and not adopted.
 */
import { CORRECT_VERDICT } from '../src/core/pipeline/prompts';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import { PipelinePage, replyByStage, stageOf } from './support/pipeline-page';
import { expect, test } from './support/test';

test.describe.configure({ timeout: 120_000 });

const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;
const DRAFT = 'SELECT Name FROM Artist LIMIT 1';
const REAL = 'SELECT count(*) AS artists FROM Artist';
const THOUGHT = `The question wants a count. A first try: ${fenced(DRAFT)} No, that lists one name.`;

let server: MockOpenAiServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

async function askWith(
  page: import('@playwright/test').Page,
  replies: Parameters<typeof replyByStage>[0],
) {
  server = await startMockOpenAiServer({ models: ['qwen3-mock'], respond: replyByStage(replies) });
  const app = new PipelinePage(page);
  await app.open(server.baseUrl, 'qwen3-mock');
  await app.setSwitch('Continuation writing', false);
  await app.ask('How many artists are there?');
  await app.waitForRunEnd();
  return app;
}

test('inline <think> blocks: the answer after them is adopted, the thinking folds on the card', async ({
  page,
}) => {
  const app = await askWith(page, {
    links: '<think>Artist holds the names.</think>{"Artist": ["ArtistId"]}',
    pseudo_sql: `<think>${THOUGHT}</think>\n${fenced(REAL)}`,
    sql: `<think>${THOUGHT}</think>\n${fenced(REAL)}`,
    correction: `<think>Count of rows: right.</think>${CORRECT_VERDICT}`,
  });
  await app.expectFinalRows([['275']]);
  const card = app.card('SQL generation');
  const thinking = card.getByTestId('thinking').first();
  await expect(thinking).toContainText('Thinking');
  // Folded: the draft inside the thinking is not on screen until the person opens it.
  await expect(thinking.getByLabel('Thinking')).toBeHidden();
  await thinking.locator('summary').click();
  await expect(thinking.getByLabel('Thinking')).toContainText(DRAFT);
  // Once the run has seen thinking, later calls leave room for it on top of the answer.
  const sql = server!.requests.filter((r) => stageOf(r) === 'sql').at(-1);
  expect(sql?.max_tokens).toBe(1024 + 2048);
});

test('thinking in reasoning_content (vLLM): the same result, and the thinking is kept apart', async ({
  page,
}) => {
  const app = await askWith(page, {
    links: { content: '{"Artist": ["ArtistId"]}', reasoning: 'Artist holds the names.' },
    pseudo_sql: { content: fenced(REAL), reasoning: THOUGHT },
    sql: { content: fenced(REAL), reasoning: THOUGHT },
    correction: { content: CORRECT_VERDICT, reasoning: 'Count of rows: right.' },
  });
  await app.expectFinalRows([['275']]);
  const thinking = app.card('SQL generation').getByTestId('thinking').first();
  await thinking.locator('summary').click();
  await expect(thinking.getByLabel('Thinking')).toContainText(DRAFT);
});

test('an answer cut while still thinking is marked and never adopted', async ({ page }) => {
  const app = await askWith(page, {
    links: '{"Artist": ["ArtistId"]}',
    pseudo_sql: fenced(REAL),
    sql: { content: `<think>${THOUGHT} Let me check again, and again`, finishReason: 'length' },
    correction: CORRECT_VERDICT,
  });
  const card = app.card('SQL generation');
  await expect(card.getByTestId('thinking').first()).toContainText('ran out while thinking');
  await expect(card).not.toContainText('first SQL, written on the simplified schema: it runs');
  // The draft inside the thinking never became the result.
  await expect(app.card('Result')).not.toContainText('AC/DC');
  await expect(app.card('Result')).toBeVisible();
});
