/**
 * Follow-up questions through the mock OpenAI-compatible server: ask, follow up, and the second
 * run's prompts carry the first question and its final SQL; the Ask view shows the thread,
 * History keeps its turns together and opens it again, and the thread exports as Markdown.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './support/test';
import { CORRECT_VERDICT } from '../src/core/pipeline/prompts';
import { seriousViolations } from './support/axe';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import { PipelinePage, replyByStage, stageOf } from './support/pipeline-page';

test.describe.configure({ timeout: 120_000 });

let server: MockOpenAiServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;
const FIRST = 'Which artists have more than 10 albums?';
const FIRST_SQL =
  'SELECT ar.Name, count(*) AS albums FROM Artist AS ar JOIN Album AS al ON al.ArtistId = ar.ArtistId GROUP BY ar.ArtistId HAVING count(*) > 10';
const SECOND = 'And how many tracks does each of them have?';
const SECOND_SQL =
  'SELECT ar.Name, count(t.TrackId) AS tracks FROM Artist AS ar JOIN Album AS al ON al.ArtistId = ar.ArtistId JOIN Track AS t ON t.AlbumId = al.AlbumId WHERE ar.ArtistId IN (SELECT ArtistId FROM Album GROUP BY ArtistId HAVING count(*) > 10) GROUP BY ar.ArtistId';

test('a follow-up is asked with the earlier turn, and History keeps the thread', async ({
  page,
}, info) => {
  const replies = (sql: string) =>
    replyByStage({
      links: '{"Artist": ["ArtistId", "Name"], "Album": ["ArtistId"], "Track": ["AlbumId"]}',
      pseudo_sql: fenced(sql),
      sql: fenced(sql),
      correction: CORRECT_VERDICT,
      continuation: fenced(sql),
    });
  server = await startMockOpenAiServer({
    models: ['mock-model'],
    respond: (body) => {
      const text = (body.messages ?? []).map((m) => m.content).join('\n');
      return replies(text.includes(`Question: ${SECOND}`) ? SECOND_SQL : FIRST_SQL)(body);
    },
  });
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);

  // Before any run: Follow-up is off, and says why.
  const followUp = page.getByRole('button', { name: 'Follow-up', exact: true });
  await expect(followUp).toBeDisabled();
  await expect(followUp).toHaveAccessibleDescription(/ask one first/);
  await expect(page.getByTestId('question-turn')).toHaveText('Starts a new thread');

  await app.ask(FIRST);
  await app.waitForRunEnd();
  await expect(app.resultGrid).toBeVisible();
  const firstRequests = server.requests.length;

  await followUp.click();
  await expect(app.question).toBeFocused();
  await expect(app.question).toHaveValue('');
  await expect(page.getByRole('textbox', { name: 'Follow-up question' })).toBeVisible();
  await expect(page.getByTestId('question-turn')).toHaveText(
    'Turn 2 of this thread: asked with 1 earlier turn as context',
  );
  await app.ask(SECOND);
  await app.waitForRunEnd();

  // Every prompt of the second run carries the first question and its final SQL.
  const second = server.requests.slice(firstRequests);
  expect(second.length).toBeGreaterThanOrEqual(4);
  for (const body of second) {
    const user = body.messages?.at(-1)?.content ?? '';
    expect(user, String(stageOf(body))).toContain(`Earlier question 1: ${FIRST}`);
    expect(user, String(stageOf(body))).toContain(fenced(FIRST_SQL));
    expect(user, String(stageOf(body))).toContain(`Question: ${SECOND}`);
  }
  for (const body of server.requests.slice(0, firstRequests))
    expect(body.messages?.at(-1)?.content ?? '').not.toContain('Earlier question');

  // The thread on the Ask view: turn 1 collapsed with its rows, turn 2 the cards below.
  const thread = page.getByRole('region', { name: 'This thread' });
  await expect(thread.getByRole('listitem')).toHaveCount(2);
  await expect(thread.getByRole('listitem').first()).toContainText(FIRST);
  await expect(thread.getByRole('listitem').first()).toContainText('rows');
  await thread.getByText(FIRST).click();
  await expect(thread.getByLabel('Final SQL of turn 1')).toHaveText(FIRST_SQL);
  await expect(page.getByTestId('question-turn')).toHaveText(
    'Turn 3 of this thread: asked with 2 earlier turns as context',
  );
  await page.screenshot({ path: info.outputPath('follow-up-ask.png') });
  expect(await seriousViolations(page)).toEqual([]);

  // History: one thread of two turns, in order; it exports and opens as a whole.
  await page.getByRole('tab', { name: 'History' }).click();
  const turns = page.getByRole('list', { name: `Thread: ${FIRST}` });
  await expect(turns.getByRole('listitem')).toHaveCount(2);
  await expect(turns.getByRole('listitem').nth(0)).toContainText(`Turn 1${FIRST}`);
  await expect(turns.getByRole('listitem').nth(1)).toContainText(`Turn 2${SECOND}`);
  await expect(page.getByText('Thread · 2 turns kept')).toBeVisible();
  await page.screenshot({ path: info.outputPath('follow-up-history.png') });
  expect(await seriousViolations(page)).toEqual([]);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Thread Markdown' }).click();
  const markdown = await readFile((await (await download).path()) as string, 'utf8');
  expect(markdown).toContain(`## Turn 1: ${FIRST}`);
  expect(markdown).toContain(`## Turn 2: ${SECOND}`);
  expect(markdown).toContain(SECOND_SQL);

  await page.getByRole('button', { name: 'Open thread' }).click();
  await expect(page.getByRole('region', { name: 'This thread' })).toContainText(SECOND);
  await expect(page.getByTestId('question-turn')).toHaveText(
    'Turn 2 of its thread, asked again with 1 earlier turn as context',
  );
  await expect(page.getByRole('button', { name: 'Follow-up', exact: true })).toBeEnabled();

  // New question leaves the thread: the next question starts afresh.
  await page.getByRole('button', { name: 'New question' }).click();
  await expect(page.getByTestId('question-turn')).toHaveText('Starts a new thread');
  await expect(page.getByRole('region', { name: 'This thread' })).toHaveCount(0);
});
