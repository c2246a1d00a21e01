/**
 * "Explain": the structural explanation on the editor's SQL (no model), and on a stage card a
 * streamed plain-language explanation from the model (the mock server), in the question's
 * language, with History offering the same for a past run's final SQL.
 */
import { expect, test } from './support/test';
import { CORRECT_VERDICT } from '../src/core/pipeline/prompts';
import { EXPLAIN_MARKER } from '../src/core/explain/explain-prompt';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import { PipelinePage, replyByStage } from './support/pipeline-page';
import { WorkbenchPage } from './support/workbench-page';

test.describe.configure({ timeout: 120_000 });

let server: MockOpenAiServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('explains the editor SQL structurally, without a model', async ({ page }, info) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await wb.setSql(
    'SELECT ar.Name, count(*) AS albums FROM Artist ar JOIN Album al ON al.ArtistId = ar.ArtistId GROUP BY ar.Name HAVING count(*) > 3 ORDER BY albums DESC LIMIT 5',
  );
  await page.getByRole('button', { name: "Explain the editor's SQL" }).click();
  const steps = page.getByRole('list', { name: 'What the query does' });
  await expect(steps.getByRole('listitem')).toHaveText([
    'Reads Artist and Album.',
    'Joins Album to Artist on Album.ArtistId = Artist.ArtistId.',
    'Groups the rows by Artist.Name: one result row per value.',
    'Keeps only the groups where the number of rows > 3.',
    'Returns Artist.Name and the number of rows (as albums).',
    'Sorts by albums (largest first).',
    'Keeps at most the first 5 rows.',
  ]);
  await expect(
    page.getByText('Load a model (Model view) for a plain-language explanation'),
  ).toBeVisible();
  await page.screenshot({ path: info.outputPath('explain-editor.png') });
});

test('a model explains a stage SQL in the language of the question, streamed', async ({
  page,
}, info) => {
  const explanation =
    'La requête compte les artistes de la base : une seule ligne avec leur nombre.';
  const byStage = replyByStage({
    links: '{"Artist": ["ArtistId"]}',
    pseudo_sql: '```sql\nSELECT count(*) FROM Artist;\n```',
    sql: '```sql\nSELECT count(*) AS artists FROM Artist;\n```',
    correction: CORRECT_VERDICT,
  });
  let explainPrompt = '';
  server = await startMockOpenAiServer({
    models: ['mock-model'],
    respond: (body) => {
      const text = (body.messages ?? []).map((m) => m.content).join('\n');
      if (!text.includes(EXPLAIN_MARKER)) return byStage(body);
      explainPrompt = text;
      return { content: explanation, chunkSize: 6, delayMsPerChunk: 20 };
    },
  });
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);
  await app.ask('Combien y a-t-il d’artistes ?');
  await app.waitForRunEnd();

  const card = app.card('SQL generation');
  await card.getByRole('button', { name: 'Explain SQL₀' }).click();
  await expect(card.getByRole('list', { name: 'What the query does' })).toContainText(
    'Returns the number of rows (as artists).',
  );
  await card.getByRole('button', { name: 'Explain with the model' }).click();
  await expect(card.getByLabel('Model explanation')).toHaveText(explanation);
  expect(explainPrompt).toContain('Combien y a-t-il d’artistes ?');
  expect(explainPrompt).toContain('Artist(ArtistId, Name)');
  await page.screenshot({ path: info.outputPath('explain-model.png'), fullPage: true });

  await page.getByRole('tab', { name: 'History' }).click();
  const row = page.getByRole('list', { name: 'Past runs' }).getByRole('listitem').first();
  await row
    .getByRole('button', { name: 'Explain the SQL of: Combien y a-t-il d’artistes ?' })
    .click();
  await expect(row.getByRole('list', { name: 'What the query does' })).toContainText(
    'Reads Artist.',
  );
});
