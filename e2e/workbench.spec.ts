/**
 * The SQL workbench end to end, in Chromium against the built app: opening files (and refusing
 * bad ones with their own message), browsing, running, sorting, exporting, the time limit,
 * read-only by default, and values that must stay text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/test';
import { CHINOOK_PATH, NORTHWIND_PATH } from '../src/test-support/shared-data';
import { requireSqlite3 } from '../src/test-support/sqlite-cli';
import { WorkbenchPage } from './support/workbench-page';

test('opens Chinook through the file input, browses the schema and previews a table', async ({
  page,
}) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await wb.close();
  await expect(wb.sidebar.getByText('No database open')).toBeVisible();

  await wb.openFile(CHINOOK_PATH);
  await expect(wb.databaseName).toHaveText('chinook.sqlite');
  await expect(wb.sidebar).toContainText('11 tables');
  // Row counts sit beside the names.
  await expect(wb.schema.getByRole('listitem').filter({ hasText: 'InvoiceLine' })).toContainText(
    '2,240',
  );

  await wb.filterTables('INVOICE');
  await expect(wb.tableButton('Invoice')).toBeVisible();
  await expect(wb.tableButton('InvoiceLine')).toBeVisible();
  await expect(wb.tableButton('Album')).toHaveCount(0);

  await wb.expandTable('Invoice');
  const invoiceId = wb.schema.getByRole('listitem').filter({ hasText: /^InvoiceId/ });
  await expect(invoiceId).toContainText('PK');
  await expect(invoiceId).toContainText('integer');
  await expect(wb.schema.getByRole('listitem').filter({ hasText: /^CustomerId/ })).toContainText(
    'FK → Customer.CustomerId',
  );
  await expect(wb.schema.getByText('IFK_InvoiceCustomerId (CustomerId)')).toBeVisible();

  await wb.tableButton('Invoice').click();
  await expect(page.getByRole('tab', { name: 'SQL' })).toHaveAttribute('aria-selected', 'true');
  await expect(wb.resultSummary).toContainText('100 rows');
  await expect(wb.columnHeader('BillingCountry')).toBeVisible();
  await expect.poll(() => wb.editorText()).toContain('SELECT * FROM "Invoice" LIMIT 100');
});

test('hundreds of tables and odd names: listed cheaply, filtered, previewed as text', async ({
  page,
}) => {
  const wb = new WorkbenchPage(page);
  const dir = await mkdtemp(join(tmpdir(), 'workbench-e2e-'));
  try {
    const odd = ['my table', 'say "hi"', 'Ünïcode ✓', 'Order', '<img src=x onerror=alert(1)>'];
    const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const script = [
      ...Array.from(
        { length: 600 },
        (_, i) => `CREATE TABLE t${String(i).padStart(3, '0')} (id INTEGER PRIMARY KEY, v TEXT);`,
      ),
      ...odd.map(
        (name) =>
          `CREATE TABLE ${quote(name)} ("the value" TEXT); INSERT INTO ${quote(name)} VALUES ('in ${name.replaceAll("'", "''")}');`,
      ),
    ].join('\n');
    const path = join(dir, 'many.sqlite');
    execFileSync(requireSqlite3(), [path], { input: script });

    await wb.gotoWithSample();
    await wb.openFile(path);
    await expect(wb.databaseName).toHaveText('many.sqlite');
    await expect(wb.sidebar).toContainText('605 tables');
    expect(await wb.schema.getByRole('listitem').count()).toBeLessThan(100);

    // The list is virtual: a name far down shows once the filter brings it up.
    for (const name of odd) {
      await wb.filterTables(name);
      await expect(wb.tableButton(name)).toBeVisible();
    }
    await wb.filterTables('ÜNÏ');
    await expect(wb.tableButton('Ünïcode ✓')).toBeVisible();
    await expect(wb.tableButton('Order')).toHaveCount(0);
    await wb.filterTables('t599');
    await expect(wb.tableButton('t599')).toBeVisible();
    await wb.filterTables('say');
    await wb.tableButton('say "hi"').click();
    await expect.poll(() => wb.columnValues(0)).toEqual(['in say "hi"']);
    await expect(page.locator('img')).toHaveCount(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('opens a file dropped anywhere on the page', async ({ page }) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  const bytes = (await readFile(NORTHWIND_PATH)).toString('base64');
  const dataTransfer = await page.evaluateHandle((base64) => {
    const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([raw], 'dropped.sqlite'));
    return transfer;
  }, bytes);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop a SQLite, CSV or TSV file to open it')).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(page.getByText('Drop a SQLite, CSV or TSV file to open it')).toBeHidden();
  await expect(wb.databaseName).toHaveText('dropped.sqlite');
  await expect(wb.tableButton('Order')).toBeVisible();
});

test('runs with Ctrl+Enter, sorts numbers as numbers, exports CSV', async ({ page }) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await wb.runSql(
    "SELECT column1 AS n, column2 AS label FROM (VALUES (10, 'ten'), (9, NULL), (100, ''), (2, 'two'))",
  );
  await expect(wb.resultSummary).toContainText('4 rows');
  await expect.poll(() => wb.columnValues(0)).toEqual(['10', '9', '100', '2']);
  // NULL looks unlike the empty string.
  await expect.poll(() => wb.columnValues(1)).toEqual(['ten', 'NULL', '', 'two']);

  await wb.columnHeader('n').click();
  await expect(wb.columnHeader('n')).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => wb.columnValues(0)).toEqual(['2', '9', '10', '100']);
  await wb.columnHeader('n').click();
  await expect.poll(() => wb.columnValues(0)).toEqual(['100', '10', '9', '2']);
  await wb.columnHeader('n').click();
  await expect(wb.columnHeader('n')).toHaveAttribute('aria-sort', 'none');
  await expect.poll(() => wb.columnValues(0)).toEqual(['10', '9', '100', '2']);

  await wb.runSql('SELECT Name, Milliseconds FROM Track WHERE AlbumId = 1 ORDER BY TrackId');
  await expect(wb.resultSummary).toContainText('10 rows');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('result.csv');
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('Name,Milliseconds');
  expect(lines).toHaveLength(11);
  expect(lines[1]).toBe('For Those About To Rock (We Salute You),343719');
});

test('a 100,000-row result keeps only visible rows in the page; long text opens whole', async ({
  page,
}) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await wb.runSql(
    "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000) SELECT i, 'row ' || i AS label FROM r",
  );
  await expect(wb.resultSummary).toContainText('100,000 rows');
  const rendered = wb.resultTable.getByRole('row');
  expect(await rendered.count()).toBeLessThan(100);
  await wb.resultTable.evaluate((table) => (table.scrollTop = table.scrollHeight));
  await expect(wb.resultTable.getByRole('cell', { name: 'row 100000', exact: true })).toBeVisible();
  expect(await rendered.count()).toBeLessThan(100);

  const long = 'ab'.repeat(150);
  await wb.runSql(`SELECT '${long}' AS long`);
  await wb.resultTable.getByRole('button', { name: /^abab.*…$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'long' });
  await expect(dialog).toContainText(long);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('each bad file gets its own message and the open database stays usable', async ({ page }) => {
  const wb = new WorkbenchPage(page);
  const dir = await mkdtemp(join(tmpdir(), 'workbench-e2e-'));
  try {
    const notSqlite = join(dir, 'notes.sqlite');
    await writeFile(notSqlite, 'id,name\n1,Ann\n');
    const empty = join(dir, 'empty.sqlite');
    await writeFile(empty, '');
    const cut = join(dir, 'cut.sqlite');
    await writeFile(cut, (await readFile(CHINOOK_PATH)).subarray(0, 300_000));
    const huge = join(dir, 'huge.sqlite');
    await writeFile(huge, '');
    // Sparse: 1.5 GB on paper, nothing on disk; the page must refuse it by size before reading.
    await truncate(huge, 1.5 * 1024 ** 3);

    await wb.gotoWithSample();
    const cases: [string, RegExp][] = [
      [notSqlite, /not an SQLite database/i],
      [empty, /empty/i],
      [cut, /damaged or incomplete/i],
      [huge, /1\.5 GB.*up to 1 GB/i],
    ];
    for (const [path, message] of cases) {
      await wb.openFile(path);
      await expect(wb.loadError).toContainText(message);
      await expect(wb.tableButton('Album')).toBeVisible();
    }
    await wb.runSql('SELECT count(*) AS albums FROM Album');
    await expect.poll(() => wb.columnValues(0)).toEqual(['347']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a runaway query is stopped at the time limit and the next query works', async ({ page }) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await wb.setTimeLimitSeconds(1);
  await wb.runSql(
    'WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r) SELECT count(*) FROM r',
  );
  await expect(page.getByRole('main').getByRole('status')).toContainText('Running');
  await expect(wb.queryError).toContainText(/stopped after 1 s/, { timeout: 10_000 });
  await wb.runSql('SELECT count(*) AS albums FROM Album');
  await expect.poll(() => wb.columnValues(0)).toEqual(['347']);
});

test('a reload keeps the database that was open', async ({ page }) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await wb.openFile(NORTHWIND_PATH);
  await expect(wb.databaseName).toHaveText('northwind.sqlite');
  await page.reload();
  await expect(wb.databaseName).toHaveText('northwind.sqlite');
  // A reserved word as a table name is listed and previews like any other.
  await wb.tableButton('Order').click();
  await expect(wb.resultSummary).toContainText('rows');
  await expect(wb.columnHeader('ShipCountry')).toBeVisible();
});

test('a ?db= address that is not there says so', async ({ page }) => {
  const wb = new WorkbenchPage(page);
  // `vite preview` answers unknown paths with index.html; a static host would answer 404.
  await page.route('**/no-such-file.sqlite', (route) =>
    route.fulfill({ status: 404, body: 'Not found' }),
  );
  await wb.goto('?db=no-such-file.sqlite');
  await expect(wb.loadError).toContainText(/no database at .*no-such-file\.sqlite.*404/i);
});

test('markup in a cell shows as characters and never runs', async ({ page }) => {
  const wb = new WorkbenchPage(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await wb.gotoWithSample();
  await wb.runSql("SELECT '<img src=x onerror=alert(1)>' AS x");
  await expect(wb.resultTable.getByRole('cell')).toHaveText('<img src=x onerror=alert(1)>');
  await expect(wb.resultTable.locator('img')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
});

test('writes are refused until allowed, then the changed database downloads', async ({ page }) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await wb.runSql('CREATE TABLE workbench_note (body TEXT)');
  await expect(wb.queryError).toContainText('writes are off');
  await expect(wb.queryError).toContainText('attempt to write a readonly database');

  await wb.allowWrites().check();
  await wb.runButton().click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('Statement ran');
  await expect(wb.tableButton('workbench_note')).toBeVisible();

  const downloading = page.waitForEvent('download');
  await wb.downloadButton().click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.sqlite$/);
  const bytes = await readFile(await download.path());
  expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  expect(bytes.includes('CREATE TABLE workbench_note (body TEXT)')).toBe(true);
});
