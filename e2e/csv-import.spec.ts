/**
 * CSV/TSV import: files to a preview with inferred types and the rows that did not fit (by
 * line), a type changed by hand, then a new SQLite database that opens like any other. Also by
 * drag and drop.
 */
import { expect, test } from './support/test';
import { WorkbenchPage } from './support/workbench-page';

// Each test loads the app, the sample and sql.js from scratch; a busy machine makes that slow.
test.describe.configure({ timeout: 120_000 });

const SALES = [
  'day,region,amount,units',
  '2024-01-05,North,120.5,3',
  '2024-01-06,South,80,2',
  '2024-01-07,North,,5',
  '2024-01-08,"West, far",99.9,1,extra',
  '2024-01-09,East,10',
].join('\n');

test('imports two files as two tables, with types the person can change', async ({
  page,
}, info) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await page.getByLabel('Import CSV/TSV').setInputFiles([
    { name: 'sales 2024.csv', mimeType: 'text/csv', buffer: Buffer.from(SALES) },
    {
      name: 'regions.tsv',
      mimeType: 'text/tab-separated-values',
      buffer: Buffer.from('region\tcode\nNorth\t001\nSouth\t002\n'),
    },
  ]);
  const dialog = page.getByRole('dialog', { name: 'Import CSV/TSV as a new SQLite database' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Type of day')).toHaveValue('DATE');
  await expect(dialog.getByLabel('Type of amount')).toHaveValue('REAL');
  await expect(dialog.getByLabel('Type of units')).toHaveValue('INTEGER');
  await expect(dialog.getByLabel('Type of code')).toHaveValue('TEXT');
  const problems = dialog.getByLabel('Problems in sales 2024.csv');
  await expect(problems).toContainText('line 5: 5 fields where the header has 4; not imported');
  await expect(problems).toContainText('line 6: 3 of 4 fields; the missing ones are NULL');
  await expect(dialog).toContainText('1 row is left out');

  await dialog.getByLabel('Type of units').selectOption('REAL');
  await page.screenshot({ path: info.outputPath('csv-preview.png') });
  await dialog.getByRole('button', { name: 'Import 2 tables' }).click();
  await expect(dialog).toBeHidden();
  await expect(wb.databaseName).toHaveText('import-2-tables.sqlite');
  await expect(wb.tableButton('sales_2024')).toBeVisible();
  await expect(wb.tableButton('regions')).toBeVisible();

  await wb.runSql(
    'SELECT s.region, typeof(s.units) AS t, r.code FROM sales_2024 s LEFT JOIN regions r USING (region) ORDER BY s.day',
  );
  await expect(wb.resultSummary).toContainText('4 rows');
  expect(await wb.columnValues(1)).toEqual(['real', 'real', 'real', 'null']);
  expect(await wb.columnValues(2)).toEqual(['001', '002', '001', 'NULL']);
});

test('a CSV dropped on the page opens the import preview', async ({ page }) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await page.evaluate(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['x,y\n1,2\n3,4\n'], 'points.csv', { type: 'text/csv' }));
    const target = document.querySelector('main')!;
    for (const type of ['dragenter', 'dragover', 'drop'])
      target.dispatchEvent(
        new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
  });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Type of x')).toHaveValue('INTEGER');
  await dialog.getByRole('button', { name: 'Import 1 table' }).click();
  await expect(wb.databaseName).toHaveText('points.sqlite');
});
