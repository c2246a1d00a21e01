/**
 * "Format SQL" in the workbench and the share link `?db=<url>&q=<question>`: the link opens the
 * database with the question filled in, and nothing is asked by itself.
 */
import { expect, test } from './support/test';
import { WorkbenchPage } from './support/workbench-page';

test('Format SQL lays the query out, and a SQL it cannot read says so', async ({ page }, info) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  await wb.setSql(
    'select a.Title, count(*) as n from Album a join Track t on t.AlbumId=a.AlbumId group by a.Title',
  );
  await page.getByRole('button', { name: 'Format SQL' }).click();
  await expect.poll(() => wb.editorText()).toContain('GROUP BY');
  const text = await wb.editorText();
  expect(text.split('\n').map((line) => line.trimEnd())).toEqual(
    expect.arrayContaining(['SELECT', '  a.Title,', '  COUNT(*) AS n', 'FROM', '  Album a']),
  );
  // The formatted SQL still runs.
  await wb.runButton().click();
  await expect(wb.resultSummary).toContainText('347 rows');
  await page.screenshot({ path: info.outputPath('formatted.png') });

  await wb.setSql('select # from Album');
  await page.getByRole('button', { name: 'Format SQL' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be formatted' })).toBeVisible();
  await expect.poll(() => wb.editorText()).toBe('select # from Album');
});

test('a share link fills the question without asking, and the Ask view makes one', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const question = 'Which artists have more than 10 albums & why?';
  await page.goto(`/?db=samples%2Fchinook.sqlite&q=${encodeURIComponent(question)}`);
  const box = page.getByRole('textbox', { name: 'Question' });
  await expect(box).toHaveValue(question);
  await expect(page.getByRole('tab', { name: 'Ask' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('database-name')).toHaveText('chinook.sqlite', { timeout: 30_000 });
  // Nothing was asked: no run started.
  await expect(page.locator('[data-runs-started]')).toHaveAttribute('data-runs-started', '0');

  await box.fill('How many tracks?');
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  const url = new URL(link);
  expect(url.searchParams.get('db')).toBe('samples/chinook.sqlite');
  expect(url.searchParams.get('q')).toBe('How many tracks?');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
});
