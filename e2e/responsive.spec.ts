/**
 * The page on common window widths: at 768, 1,024 and 1,280 px no view scrolls sideways, the
 * header's title stays on one line and the header takes at most two rows (the view tabs fold
 * onto their own row below 1,536 px); the Evaluate view's run controls do not overlap.
 */
import { expect, test } from './support/test';
import { EvaluatePage } from './support/evaluate-page';
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

test('the Evaluate view’s run controls do not overlap at 768, 1,024 and 1,280 px', async ({
  page,
}, info) => {
  await new WorkbenchPage(page).gotoWithSample();
  const evaluate = new EvaluatePage(page);
  await evaluate.show();
  await evaluate.loadSpiderSample();
  const run = page.getByRole('region', { name: 'Run' });
  for (const width of [768, 1024, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await expect(run.getByLabel('Difficulty filter')).toBeVisible();
    // Every select and label of the section, against every other one it does not contain.
    const overlaps = await run.evaluate((section) => {
      const controls = [...section.querySelectorAll<HTMLElement>('select, label')];
      const found: string[] = [];
      const name = (el: HTMLElement) => el.getAttribute('aria-label') ?? el.textContent?.trim();
      controls.forEach((a, i) => {
        const ra = a.getBoundingClientRect();
        for (const b of controls.slice(i + 1)) {
          if (a.contains(b) || b.contains(a)) continue;
          const rb = b.getBoundingClientRect();
          const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
          const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
          if (x > 1 && y > 1) found.push(`${name(a)} / ${name(b)}`);
        }
      });
      return found;
    });
    expect(overlaps, `${width} px`).toEqual([]);
    await run.screenshot({ path: info.outputPath(`run-controls-${width}.png`) });
  }
});
