/**
 * The schema diagram: Chinook's tables as boxes with keys and foreign-key arrows (real SVG
 * text), zoom and pan, a click that previews a table, and a 150-table database made usable by
 * focusing on one table and its neighbours.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/test';
import { requireSqlite3 } from '../src/test-support/sqlite-cli';
import { WorkbenchPage } from './support/workbench-page';

test.describe.configure({ timeout: 120_000 });

test('draws Chinook, zooms and pans, and previews a clicked table', async ({ page }, info) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await page.getByRole('button', { name: 'Show diagram' }).click();
  await expect(page.getByRole('tab', { name: 'Diagram' })).toHaveAttribute('aria-selected', 'true');
  const diagram = page.getByTestId('diagram');
  await expect(diagram.locator('svg[aria-label="Schema diagram: 11 tables"]')).toBeVisible();
  await expect(page.getByText('11 of 11 tables · 11 foreign keys')).toBeVisible();
  // Names and keys are text in the SVG.
  const album = diagram.locator('[data-table="Album"]');
  await expect(album.locator('text').first()).toHaveText('Album');
  await expect(album).toContainText('ArtistId FK integer');
  await expect(album).toContainText('AlbumId PK integer');
  await expect(diagram.locator('path[marker-end]')).toHaveCount(11);
  await page.screenshot({ path: info.outputPath('diagram.png') });

  const scale = async () => Number(await diagram.getAttribute('data-scale'));
  const before = await scale();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(scale).toBeCloseTo(before * 1.25, 2);
  const box = (await diagram.boundingBox())!;
  const albumBefore = (await album.boundingBox())!;
  await page.mouse.move(box.x + 5, box.y + box.height - 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 105, box.y + box.height - 45, { steps: 4 });
  await page.mouse.up();
  const albumAfter = (await album.boundingBox())!;
  expect(Math.round(albumAfter.x - albumBefore.x)).toBe(100);
  expect(Math.round(albumAfter.y - albumBefore.y)).toBe(-40);

  await diagram.getByRole('button', { name: 'Preview Album' }).click();
  await expect(page.getByRole('tab', { name: 'SQL' })).toHaveAttribute('aria-selected', 'true');
  await expect(wb.resultSummary).toContainText('100 rows');
});

test('150 tables: key columns only, and a focus on one table with its neighbours', async ({
  page,
}, info) => {
  const dir = await mkdtemp(join(tmpdir(), 'diagram-e2e-'));
  try {
    const script = Array.from({ length: 150 }, (_, i) =>
      i === 0
        ? 'CREATE TABLE t000 (id INTEGER PRIMARY KEY, name TEXT, note TEXT);'
        : `CREATE TABLE t${String(i).padStart(3, '0')} (id INTEGER PRIMARY KEY, name TEXT, note TEXT, parent_id INTEGER REFERENCES t${String(Math.floor((i - 1) / 4)).padStart(3, '0')}(id));`,
    ).join('\n');
    const path = join(dir, 'wide.sqlite');
    execFileSync(requireSqlite3(), [path], { input: script });
    const wb = new WorkbenchPage(page);
    await wb.gotoWithSample();
    await wb.openFile(path);
    await expect(wb.databaseName).toHaveText('wide.sqlite');
    await page.getByRole('tab', { name: 'Diagram' }).click();
    await expect(
      page.getByText('150 of 150 tables · 149 foreign keys · key columns only'),
    ).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByTestId('diagram').locator('[data-table]')).toHaveCount(150);
    await page.screenshot({ path: info.outputPath('wide.png') });

    await page.getByRole('combobox', { name: 'Focus on table' }).selectOption('t001');
    // t001, its parent t000 and its children t005-t008.
    await expect(page.getByText('6 of 150 tables · 5 foreign keys')).toBeVisible();
    await expect(page.getByTestId('diagram')).toContainText('name text');
    await page.getByTestId('diagram').getByRole('button', { name: 'Focus on t005' }).click();
    await expect(page.getByRole('combobox', { name: 'Focus on table' })).toHaveValue('t005');
    await page.screenshot({ path: info.outputPath('focus.png') });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
