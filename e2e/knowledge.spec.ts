/**
 * The playground learns the open database (issue 19), through the mock OpenAI-compatible
 * server: a run marked correct becomes a remembered example that the next question of the same
 * shape gets in its prompts (also after a reload); BIRD description files reach every schema
 * text; descriptions written in the schema browser do too, and stay after a reload; the
 * knowledge file exports and imports.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './support/test';
import { CORRECT_VERDICT, MEMORY_EXAMPLES_HEADING } from '../src/core/pipeline/prompts';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import { seriousViolations } from './support/axe';
import { PipelinePage, replyByStage, stageOf } from './support/pipeline-page';
import { WorkbenchPage } from './support/workbench-page';

test.describe.configure({ timeout: 180_000 });

let server: MockOpenAiServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

const fenced = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\``;
const FIRST = 'How many albums does each artist have?';
const FIRST_SQL =
  'SELECT ar.Name, count(*) AS albums FROM Artist AS ar JOIN Album AS al ON al.ArtistId = ar.ArtistId GROUP BY ar.ArtistId';
const SECOND = 'How many albums does each artist have, for artists named AC/DC?';
const USER_SQL = FIRST_SQL.replace('count(*) AS albums', 'count(al.AlbumId) AS albums');

const userText = (body: { messages?: { content: string }[] }) =>
  body.messages?.at(-1)?.content ?? '';

/** A mock server whose every stage answers with the album titles. */
function startAlbumTitlesServer(): Promise<MockOpenAiServer> {
  const sql = fenced('SELECT Title FROM Album');
  return startMockOpenAiServer({
    models: ['mock-model'],
    respond: replyByStage({
      links: '{"Album": ["Title"]}',
      pseudo_sql: sql,
      sql,
      correction: CORRECT_VERDICT,
      continuation: sql,
    }),
  });
}

/** Asks a question and gives the chat requests its run sent. */
async function promptsOfRun(app: PipelinePage, question: string) {
  const before = server!.requests.length;
  await app.ask(question);
  await app.waitForRunEnd();
  return server!.requests.slice(before);
}

test('a run marked correct is remembered and reaches the prompts of a question of the same shape', async ({
  page,
}) => {
  server = await startMockOpenAiServer({
    models: ['mock-model'],
    respond: replyByStage({
      links: '{"Artist": ["ArtistId", "Name"], "Album": ["ArtistId", "AlbumId"]}',
      pseudo_sql: fenced(FIRST_SQL),
      sql: fenced(FIRST_SQL),
      correction: CORRECT_VERDICT,
      continuation: fenced(FIRST_SQL),
    }),
  });
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);

  await app.ask(FIRST);
  await app.waitForRunEnd();
  // No knowledge yet: no prompt carries remembered examples.
  for (const body of server.requests) expect(userText(body)).not.toContain(MEMORY_EXAMPLES_HEADING);
  // The person corrects the final SQL, then marks the run correct: the edit is what is kept.
  await app.replaceSql('Result', USER_SQL);
  await page.getByRole('button', { name: 'Mark as correct' }).click();
  await expect(page.getByRole('button', { name: 'Remembered ✓' })).toBeVisible();

  const expectExampleIn = async (from: number) => {
    const bodies = server!.requests.slice(from);
    const byStage = new Map(bodies.map((b) => [stageOf(b), userText(b)]));
    for (const stage of ['links', 'pseudo_sql', 'sql'] as const) {
      const text = byStage.get(stage) ?? '';
      expect(text, stage).toContain(MEMORY_EXAMPLES_HEADING);
      expect(text, stage).toContain(`Question: ${FIRST}`);
    }
    expect(byStage.get('sql')).toContain(fenced(USER_SQL));
    // Schema linking's worked answer: the tables and columns the remembered SQL reads.
    expect(byStage.get('links')).toMatch(/Answer:\n\{"(Album|Artist)":\["/);
    // Noise correction reviews SQL without remembered examples.
    expect(byStage.get('correction') ?? '').not.toContain(MEMORY_EXAMPLES_HEADING);
  };

  await page.getByRole('button', { name: 'New question' }).click();
  let before = server.requests.length;
  await app.ask(SECOND);
  await app.waitForRunEnd();
  await expectExampleIn(before);
  // The card says what was used and links to the example.
  const used = app.card('Schema linking').getByTestId('knowledge-used').first();
  await expect(used).toContainText('Knowledge: 1 remembered example');
  await used.getByRole('link', { name: FIRST }).click();
  await expect(page.getByRole('tab', { name: 'Knowledge', selected: true })).toBeVisible();
  const examples = page.getByTestId('knowledge-example');
  await expect(examples).toHaveCount(1);
  await expect(examples.first()).toContainText(USER_SQL);

  // A new visit (the knowledge comes back from IndexedDB by the schema's fingerprint).
  await page.reload();
  await app.waitUntilReady();
  before = server.requests.length;
  await app.ask(SECOND);
  await app.waitForRunEnd();
  await expectExampleIn(before);
});

test('imported BIRD descriptions reach the prompts, and the knowledge file exports and imports', async ({
  page,
}, info) => {
  server = await startAlbumTitlesServer();
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);
  await page.getByRole('tab', { name: 'Knowledge' }).click();

  // BIRD's shape: a byte-order mark, stray spaces, a row naming no column of the table.
  const album = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(
      'original_column_name,column_name,column_description,data_format,value_description\n' +
        ' Title ,album title,"the name printed\non the cover",text,\n' +
        'ArtistId,,who recorded it,integer,"points at Artist.ArtistId"\n' +
        'Label,,the record label,text,\n',
    ),
  ]);
  await page
    .getByTestId('description-files')
    .setInputFiles([{ name: 'Album.csv', mimeType: 'text/csv', buffer: album }]);
  await expect(page.getByTestId('knowledge-notice')).toHaveText(
    'Imported the descriptions of 2 columns in 1 table. 1 row or file could not be used (listed below).',
  );
  await expect(page.getByTestId('description-problems')).toHaveText(
    'Album.csv line 5: "Label" is no column of Album, so its description was not used.',
  );

  await app.showAsk();
  const bodies = await promptsOfRun(app, 'List the album titles.');
  expect(bodies.length).toBeGreaterThanOrEqual(4);
  for (const body of bodies) {
    // Beside the column, whether the schema shows the whole table or only Title.
    expect(userText(body), String(stageOf(body))).toMatch(
      /Title TEXT,? -- album title: the name printed on the cover\n/,
    );
  }
  await expect(app.card('SQL generation').getByTestId('knowledge-used').first()).toContainText(
    'descriptions of 1 column',
  );
  // Mark it correct so that the file carries an example too.
  await page.getByRole('button', { name: 'Mark as correct' }).click();

  await page.getByRole('tab', { name: 'Knowledge' }).click();
  await expect(page.getByTestId('knowledge-example')).toHaveCount(1);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export knowledge' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('chinook.knowledge.json');
  const path = info.outputPath('chinook.knowledge.json');
  await file.saveAs(path);
  const exported = JSON.parse(await readFile(path, 'utf8')) as {
    examples: { question: string; sql: string }[];
    descriptions: Record<string, { columns: Record<string, { description: string }> }>;
  };
  expect(exported.examples.map((e) => [e.question, e.sql])).toEqual([
    ['List the album titles.', 'SELECT Title FROM Album'],
  ]);
  expect(Object.keys(exported.descriptions.Album?.columns ?? {})).toEqual(['Title', 'ArtistId']);

  // Everything deleted, then the file brings it back.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: "Delete this database's data" }).click();
  await expect(page.getByTestId('knowledge-example')).toHaveCount(0);
  await page.getByTestId('knowledge-file').setInputFiles(path);
  await expect(page.getByTestId('knowledge-notice')).toHaveText(
    'Imported 1 example and the descriptions of 1 table.',
  );
  await expect(page.getByTestId('knowledge-example')).toHaveCount(1);
  await app.showAsk();
  await page.getByRole('button', { name: 'New question' }).click();
  const sqlPrompt = (await promptsOfRun(app, 'List the album titles, please.')).find(
    (b) => stageOf(b) === 'sql',
  );
  expect(userText(sqlPrompt ?? {})).toContain('Question: List the album titles.');
  expect(userText(sqlPrompt ?? {})).toContain('-- album title: the name printed on the cover');
});

test('a bad knowledge file says why and changes nothing', async ({ page }) => {
  server = await startMockOpenAiServer({
    models: ['mock-model'],
    respond: () => ({ content: '' }),
  });
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);
  await page.getByRole('tab', { name: 'Knowledge' }).click();
  await page.getByTestId('knowledge-file').setInputFiles({
    name: 'x.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"examples": []}'),
  });
  await expect(page.getByRole('alert')).toContainText(
    'This is not a knowledge file the playground can read',
  );
  await expect(page.getByTestId('knowledge-example')).toHaveCount(0);
});

test('descriptions written in the schema browser reach the prompts and stay after a reload', async ({
  page,
}) => {
  server = await startAlbumTitlesServer();
  const app = new PipelinePage(page);
  await app.open(server.baseUrl);
  const wb = new WorkbenchPage(page);
  const TABLE_NOTE = 'One row per album; Title is what its cover says.';
  const MEANS = 'the name printed on the cover';
  const VALUES = 'unique per artist, never empty';

  // An undescribed table shows only a quiet pencil; it opens the form in place.
  await wb.tableButton('Album').hover();
  await wb.schema.getByRole('button', { name: 'Add description of Album' }).click();
  const form = wb.schema.getByTestId('schema-describe');
  await expect(form.getByLabel('What the table Album holds')).toBeFocused();
  await page.keyboard.type(TABLE_NOTE);
  await form.getByLabel('What Album.Title means').fill(MEANS);
  await form.getByLabel('What the values of Album.Title mean').fill(VALUES);
  expect(await seriousViolations(page), 'axe with the form open').toEqual([]);
  // Escape saves the field being typed in, closes the form and gives the pencil back the focus.
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);
  const edit = wb.schema.getByRole('button', { name: 'Edit descriptions of Album' });
  await expect(edit).toBeFocused();

  const expectShownInBrowser = async () => {
    await expect(wb.schema.getByText(TABLE_NOTE, { exact: true })).toBeVisible();
    await wb.expandTable('Album');
    await expect(wb.schema.getByText(`${MEANS}; values: ${VALUES}`, { exact: true })).toBeVisible();
    await expect(wb.schema.getByText(`${MEANS}; values: ${VALUES}`)).toHaveAttribute(
      'title',
      `${MEANS}; values: ${VALUES}`,
    );
  };
  await expectShownInBrowser();
  expect(await seriousViolations(page), 'axe with descriptions shown').toEqual([]);

  await app.showAsk();
  const bodies = await promptsOfRun(app, 'List the album titles.');
  expect(bodies.length).toBeGreaterThanOrEqual(4);
  for (const body of bodies) {
    const text = userText(body);
    // Beside the column, whether the schema shows the whole table or only Title.
    expect(text, String(stageOf(body))).toMatch(
      new RegExp(`Title TEXT,? -- ${MEANS}; values: ${VALUES}\\n`),
    );
    expect(text, String(stageOf(body))).toContain(`-- Album: ${TABLE_NOTE}\nCREATE TABLE Album (`);
  }

  // A new visit: the browser and the Knowledge view both show what was written.
  await page.reload();
  await app.waitUntilReady();
  await expectShownInBrowser();
  await page.getByRole('tab', { name: 'Knowledge' }).click();
  const album = page.locator('details[data-table="Album"]');
  await expect(album.locator('summary')).toContainText('1 of 3 columns described');
  await album.locator('summary').click();
  await expect(album.getByLabel('What the table Album holds')).toHaveValue(TABLE_NOTE);
  await expect(album.getByLabel('What Album.Title means')).toHaveValue(MEANS);
  await expect(album.getByLabel('What the values of Album.Title mean')).toHaveValue(VALUES);
});
