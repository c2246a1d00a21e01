/**
 * The Data view end to end on the Chinook sample: the strong and judge models on the mock server,
 * the weak model = the active engine (connected to the same mock server); review (accept, reject,
 * edit, which runs the pair again) and the zip export.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './support/test';
import { unzipSync, strFromU8 } from 'fflate';
import { API_KEYS_STORAGE_KEY } from '../src/services/storage/api-key-store';
import { DATA_LAB_SETTINGS_KEY } from '../src/services/storage/data-lab-settings-store';
import { DataLabPage } from './support/data-lab-page';
import { startMockOpenAiServer, type MockOpenAiServer } from './support/mock-openai-server';
import { synthPromptKind, synthReplies } from './support/mock-synth-replies';
import { PipelinePage } from './support/pipeline-page';

test.describe.configure({ timeout: 120_000 });

const COUNT = { question: 'How many artists are there?', sql: 'SELECT count(*) FROM Artist' };
const GENRES = { question: 'List the names of all genres.', sql: 'SELECT Name FROM Genre' };
const ACDC = {
  question: 'Which albums did AC/DC record?',
  sql: "SELECT T1.Title FROM Album AS T1 JOIN Artist AS T2 ON T1.ArtistId = T2.ArtistId WHERE T2.Name = 'AC/DC'",
  evidence: 'AC/DC is an artist name',
  difficulty: 'moderate',
};
const BROKEN = { question: 'What are the artist names?', sql: 'SELECT Nme FROM Artist' };
const EDITED_QUESTION = 'How many artists does the store list?';

let server: MockOpenAiServer | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('make, review and export training data from the open database', async ({ page }) => {
  server = await startMockOpenAiServer({
    models: ['mock-model'],
    respond: synthReplies({
      rounds: [[COUNT, BROKEN, GENRES, ACDC]],
      judge: (q) =>
        q === GENRES.question
          ? { match: false, reason: 'The question wants genre ids too.' }
          : { match: true, reason: 'It answers the question.' },
      weak: (q) =>
        q === COUNT.question
          ? 'SELECT count(ArtistId) FROM Artist'
          : q === ACDC.question
            ? 'SELECT Title FROM Album'
            : q === EDITED_QUESTION
              ? 'SELECT count(*) FROM Album'
              : null,
    }),
  });
  // The weak model is the active engine, connected to the mock server.
  await new PipelinePage(page).open(server.baseUrl);
  const lab = new DataLabPage(page);
  await lab.show();
  await expect(page.getByRole('button', { name: 'Run all steps' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('data-empty.png') });
  await lab.setStrong(server.baseUrl, 'strong-model', 'sk-strong-secret');
  await lab.setNumber('Pairs (N)', 3);
  await page.getByRole('button', { name: 'Run all steps' }).click();
  await lab.waitUntilIdle();
  await page.screenshot({ path: test.info().outputPath('data-steps.png') });

  await expect(lab.count('synthesis', 'kept')).toHaveText('3');
  await expect(lab.count('synthesis', 'failed to run')).toHaveText('1');
  await expect(page.getByTestId('synthesis-end')).toContainText('target number of pairs was kept');
  await expect(lab.count('judge', 'match')).toHaveText('2');
  await expect(lab.count('judge', 'filtered')).toHaveText('1');
  await expect(lab.count('weak', 'right')).toHaveText('1');
  await expect(lab.count('weak', 'wrong (preference pairs)')).toHaveText('1');
  await expect(lab.pair(GENRES.question)).toHaveAttribute('data-kept', 'false');
  await expect(lab.pair(GENRES.question)).toContainText('The question wants genre ids too.');
  await expect(page.getByTestId('dropped-list')).toContainText('no such column: Nme', {
    useInnerText: false,
  });
  // The strong model is asked with its own name; the weak one is the active engine's.
  const models = new Set(server.requests.map((r) => `${synthPromptKind(r)}:${r.model}`));
  expect(models).toEqual(
    new Set(['synthesis:strong-model', 'judge:strong-model', 'weak:mock-model']),
  );

  // Review: accept the pair the judge filtered, reject another.
  await lab.pair(GENRES.question).getByRole('button', { name: 'Accept' }).click();
  await expect(lab.pair(GENRES.question)).toHaveAttribute('data-kept', 'true');
  await lab.pair(ACDC.question).getByRole('button', { name: 'Reject' }).click();
  await expect(lab.pair(ACDC.question)).toHaveAttribute('data-kept', 'false');

  // Edit: a SQL that fails is refused and changes nothing.
  const count = lab.pair(COUNT.question);
  await count.getByRole('button', { name: 'Edit' }).click();
  const form = count.getByRole('form', { name: 'Edit pair' });
  await form.getByLabel('SQL').fill('SELECT count(*) FROM Artists');
  await form.getByRole('button', { name: 'Save and re-run' }).click();
  await expect(form.getByRole('alert')).toContainText('no such table: Artists');
  // A good edit runs the pair again: the judge and the weak model see the new text.
  const calls = server.requests.length;
  await form.getByLabel('Question').fill(EDITED_QUESTION);
  await form.getByLabel('SQL').fill('SELECT count(*) AS artists FROM Artist');
  await form.getByRole('button', { name: 'Save and re-run' }).click();
  await expect(form).toBeHidden();
  const edited = lab.pair(EDITED_QUESTION);
  await expect(edited).toContainText('edited');
  await expect(edited).toContainText('SELECT count(*) AS artists FROM Artist');
  await expect(edited).toContainText('Weak model: 0 of 1 right');
  expect(server.requests.slice(calls).map(synthPromptKind)).toEqual(['judge', 'weak']);

  await page.screenshot({ path: test.info().outputPath('data-view.png'), fullPage: true });

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export zip' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('chinook-training-data.zip');
  await expect(page.getByTestId('export-done')).toContainText('2 pairs');
  const files = unzipSync(new Uint8Array(await readFile((await download.path()) as string)));
  expect(Object.keys(files).sort()).toEqual([
    'dpo.jsonl',
    'filtered.jsonl',
    'pairs.json',
    'sft.jsonl',
    'summary.md',
  ]);
  const text = (name: string) => strFromU8(files[name] as Uint8Array);
  const pairs = JSON.parse(text('pairs.json')) as {
    question: string;
    SQL: string;
    db_id: string;
  }[];
  expect(pairs.map((p) => p.question)).toEqual([EDITED_QUESTION, GENRES.question]);
  expect(pairs[0]).toMatchObject({
    db_id: 'chinook',
    SQL: 'SELECT count(*) AS artists FROM Artist',
  });
  const dpo = text('dpo.jsonl')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { rejected: { content: string } });
  expect(dpo.map((d) => d.rejected.content)).toEqual(['```sql\nSELECT count(*) FROM Album\n```']);
  expect(text('filtered.jsonl')).toContain('Rejected in review.');
  expect(text('summary.md')).toContain('| accepted in review | 1 |');
  // The keys stay out of everything the page exports or remembers with the settings.
  for (const name of Object.keys(files)) expect(text(name)).not.toContain('sk-strong-secret');
  const storage = await page.evaluate(
    (keys) => keys.map((key) => localStorage.getItem(key)),
    [DATA_LAB_SETTINGS_KEY, API_KEYS_STORAGE_KEY],
  );
  expect(storage[0]).not.toContain('sk-strong-secret');
  // Kept under the strong server's origin, and only there.
  expect(JSON.parse(storage[1] ?? '{}')).toEqual({
    [new URL(server.baseUrl).origin]: 'sk-strong-secret',
  });
});
