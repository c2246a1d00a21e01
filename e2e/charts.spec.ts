/**
 * The Chart tab beside a result's grid: the automatic first choice (bars for a category and a
 * number, a line over dates kept as text, one big number), the type and series pickers, the
 * note for a reduced result, and PNG/SVG export.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './support/test';
import { CHINOOK_PATH } from '../src/test-support/shared-data';
import { sqlite3Json } from '../src/test-support/sqlite-cli';
import { WorkbenchPage } from './support/workbench-page';

test.describe.configure({ timeout: 120_000 });

test('charts a result: automatic choice, pickers, large data note, PNG and SVG export', async ({
  page,
}, info) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  const main = page.getByRole('main');
  const chartTab = main.getByRole('tab', { name: 'Chart' });

  await wb.runSql(
    'SELECT g.Name AS genre, count(*) AS tracks, sum(t.Milliseconds) / 60000 AS minutes FROM Track t JOIN Genre g USING (GenreId) GROUP BY g.Name ORDER BY tracks DESC',
  );
  await expect(wb.resultSummary).toContainText('25 rows');
  await chartTab.click();
  const figure = main.getByRole('figure');
  await expect(figure).toHaveAttribute('aria-label', 'Bar chart of tracks, minutes by genre');
  await expect(
    figure.locator('[data-chart-type="bar"] svg .recharts-bar-rectangle').first(),
  ).toBeVisible();
  // Axis labels are text in the SVG.
  await expect(figure.locator('svg text', { hasText: 'Rock' }).first()).toBeAttached();
  await page.screenshot({ path: info.outputPath('bar.png') });

  await figure.getByRole('checkbox', { name: 'minutes' }).uncheck();
  // One bar per genre, in the result's order, each as tall as its genre's track count.
  const expected = sqlite3Json<{ genre: string; tracks: number }>(
    CHINOOK_PATH,
    'SELECT g.Name AS genre, count(*) AS tracks FROM Track t JOIN Genre g USING (GenreId) GROUP BY g.Name ORDER BY tracks DESC',
  );
  const bars = figure.locator('[data-chart-type="bar"] .recharts-bar-rectangle');
  await expect(bars).toHaveCount(expected.length);
  const heights = await bars.evaluateAll((elements) =>
    elements.map((element) => element.getBoundingClientRect().height),
  );
  const pxPerTrack = heights[0]! / expected[0]!.tracks;
  const offBy = heights.map((h, i) => Math.abs(h - expected[i]!.tracks * pxPerTrack));
  expect(Math.max(...offBy)).toBeLessThan(1);
  await figure.getByLabel('Chart type').selectOption('pie');
  await expect(figure).toHaveAttribute('aria-label', 'Pie chart of tracks by genre');
  await expect(figure.locator('figcaption')).toContainText('The 11 largest of 25 are shown');
  await page.screenshot({ path: info.outputPath('pie.png') });

  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    figure.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  const svg = await readFile(await svgDownload.path(), 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('Rock');
  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    figure.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  const png = await readFile(await pngDownload.path());
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(2000);

  // Dates stored as text draw a line; the tab stays on Chart for the next result.
  await wb.runSql(
    'SELECT substr(InvoiceDate, 1, 7) AS month, sum(Total) AS sales FROM Invoice GROUP BY month',
  );
  await expect(figure).toHaveAttribute('aria-label', 'Line chart of sales by month');
  await expect(figure.locator('[data-chart-type="line"] .recharts-line-curve')).toBeVisible();
  await page.screenshot({ path: info.outputPath('line.png') });

  await wb.runSql('SELECT count(*) AS invoices FROM Invoice');
  await expect(figure.getByTestId('big-number')).toContainText('412');
});
