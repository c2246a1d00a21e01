import AxeBuilder from '@axe-core/playwright';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '/work/wt12/e2e/support/browser';
const browser = await chromium.launch(chromiumLaunchOptions());
for (const scheme of ['light', 'dark'] as const) {
  const page = await (await browser.newContext({ colorScheme: scheme })).newPage();
  await page.goto('http://localhost:4182/');
  await page.getByRole('button', { name: 'Album', exact: true }).waitFor({ timeout: 60000 });
  for (const name of ['Ask', 'SQL', 'Model', 'History']) {
    await page.getByRole('tab', { name }).click();
    if (name === 'SQL') { await page.getByRole('button', { name: 'Album', exact: true }).click(); await page.waitForTimeout(3000); }
    const r = await new AxeBuilder({ page }).withRules(['color-contrast', 'aria-allowed-attr', 'button-name', 'label', 'scrollable-region-focusable', 'nested-interactive', 'aria-required-children']).analyze();
    for (const v of r.violations) for (const n of v.nodes) console.log(scheme, name, v.id, n.target.join(' '), '|', n.html.slice(0, 90), '|', n.failureSummary?.split('\n')[1]?.slice(0, 120));
  }
}
await browser.close();
