/**
 * Accessibility and themes: axe finds no serious or critical violation on any view, in the light
 * and the dark theme (the views are read from the page's own tab list, so a view added later is
 * checked too); the keyboard reaches every view and the shortcut list; the dark theme covers the
 * page, the grid and the editor, and is remembered.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { seriousViolations } from './support/axe';
import { WorkbenchPage } from './support/workbench-page';

const viewTabs = (page: Page) => page.getByRole('tablist', { name: 'Views' }).getByRole('tab');

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violations on any view (${scheme})`, async ({ page }) => {
    // axe takes a few seconds a view on a busy machine.
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    const wb = new WorkbenchPage(page);
    await wb.gotoWithSample();
    await expect(page.locator('html')).toHaveAttribute('data-color-scheme', scheme);
    const names = await viewTabs(page).allInnerTexts();
    expect(names.length).toBeGreaterThanOrEqual(4);
    const found: string[] = [];
    for (const name of names) {
      await viewTabs(page).filter({ hasText: name }).click();
      await expect(page.getByRole('tabpanel', { name })).toBeVisible();
      if (name === 'SQL') {
        // The grid and the editor are part of the view: show them with a result.
        await wb.tableButton('Album').click();
        await expect(wb.resultSummary).toContainText('rows');
        await expect(page.locator('[data-editor-state="ready"]').first()).toBeVisible();
      }
      found.push(...(await seriousViolations(page)).map((v) => `[${name}] ${v}`));
    }
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    found.push(...(await seriousViolations(page)).map((v) => `[shortcuts] ${v}`));
    expect(found, found.join('\n')).toEqual([]);
  });
}

test('the keyboard reaches every view and the shortcut list', async ({ page }) => {
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  const tabs = viewTabs(page);
  const count = await tabs.count();

  // Alt+digit shows the view at that position.
  for (let index = 0; index < count; index++) {
    await page.keyboard.press(`Alt+${index + 1}`);
    await expect(tabs.nth(index)).toHaveAttribute('aria-selected', 'true');
  }

  // The selected tab is the one in the Tab order; arrows move along (and wrap).
  await page.keyboard.press('Alt+1');
  await tabs.nth(0).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(tabs.nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.nth(count - 1)).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: await tabs.nth(1).innerText() })).toBeVisible();

  // "?" opens the list (not while typing), Escape closes it.
  await page.getByRole('tab', { name: 'Ask' }).click();
  await page.getByLabel('Question').fill('what?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Ask' }).focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  for (let index = 0; index < count; index++)
    await expect(dialog.getByText(`Alt+${index + 1}`, { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // On a fresh page the first Tab lands on the skip link, which leads into the view.
  await page.reload();
  await expect(tabs.first()).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the main view' })).toBeFocused();
});

test('dark theme: follows the system, the toggle overrides and is remembered', async ({
  page,
}, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const wb = new WorkbenchPage(page);
  await wb.gotoWithSample();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-color-scheme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-color-scheme', 'dark');

  // System -> Light -> Dark by the button or Alt+T; the choice survives a reload.
  const toggle = page.getByRole('button', { name: /^Theme:/ });
  await toggle.click();
  await expect(html).toHaveAttribute('data-color-scheme', 'light');
  await page.keyboard.press('Alt+T');
  await expect(html).toHaveAttribute('data-color-scheme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(html).toHaveAttribute('data-color-scheme', 'dark');

  // The page, the grid and Monaco are dark.
  await wb.tableButton('Album').click();
  await expect(wb.resultSummary).toContainText('rows');
  await expect(page.locator('.monaco-editor.vs-dark').first()).toBeVisible();
  const luminance = (selector: string) =>
    page
      .locator(selector)
      .first()
      .evaluate((el) => {
        const canvas = document.createElement('canvas').getContext('2d');
        if (!canvas) return 1;
        // Canvas normalises any CSS colour (oklch included) to sRGB bytes.
        canvas.fillStyle = getComputedStyle(el).backgroundColor;
        canvas.fillRect(0, 0, 1, 1);
        const [r = 0, g = 0, b = 0] = canvas.getImageData(0, 0, 1, 1).data;
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      });
  expect(await luminance('body')).toBeLessThan(0.2);
  expect(await luminance('aside')).toBeLessThan(0.2);
  expect(await luminance('header')).toBeLessThan(0.2);
  await page.screenshot({ path: testInfo.outputPath('dark-sql-view.png') });
  await page.getByRole('tab', { name: 'Ask' }).click();
  await page.screenshot({ path: testInfo.outputPath('dark-ask-view.png') });
});
