/**
 * The page on common window widths: at 768, 1,024 and 1,280 px no view scrolls sideways, the
 * header's title stays on one line and the header takes at most two rows (the view tabs fold
 * onto their own row below 1,536 px).
 */
import { expect, test } from './support/test';
import { WorkbenchPage } from './support/workbench-page';

test.describe.configure({ timeout: 120_000 });

for (const width of [768, 1024, 1280]) {
  test(`every view fits a ${width} px window`, async ({ page }, info) => {
    await page.setViewportSize({ width, height: 800 });
    await new WorkbenchPage(page).gotoWithSample();
    const tabs = page.getByRole('tablist', { name: 'Views' }).getByRole('tab');
    const names = await tabs.allInnerTexts();
    expect(names.length).toBeGreaterThanOrEqual(7);
    for (const name of names) {
      await tabs.filter({ hasText: name }).click();
      await expect(tabs.filter({ hasText: name })).toHaveAttribute('aria-selected', 'true');
      const sizes = await page.evaluate(() => {
        const main = document.querySelector('main')!;
        const header = document.querySelector('header')!;
        const title = header.querySelector('h1')!;
        const tablist = header.querySelector('[role="tablist"]')!;
        return {
          page: document.documentElement.scrollWidth,
          window: window.innerWidth,
          mainOverflow: main.scrollWidth - main.clientWidth,
          tabsOverflow: tablist.scrollWidth - tablist.clientWidth,
          titleLines: Math.round(
            title.getBoundingClientRect().height / parseFloat(getComputedStyle(title).lineHeight),
          ),
          headerHeight: header.getBoundingClientRect().height,
        };
      });
      expect(sizes.page, `${name}: the page is no wider than the window`).toBe(sizes.window);
      expect(sizes.mainOverflow, `${name}: the view does not scroll sideways`).toBe(0);
      expect(sizes.tabsOverflow, `${name}: every tab shows`).toBe(0);
      expect(sizes.titleLines, `${name}: the title is one line`).toBe(1);
      expect(sizes.headerHeight, `${name}: the header is at most two rows`).toBeLessThan(100);
    }
    await tabs.first().click();
    await page.screenshot({ path: info.outputPath(`ask-${width}.png`) });
  });
}
