/** The Evaluate view as a test drives it. */
import { expect, type Locator, type Page } from '@playwright/test';

export class EvaluatePage {
  constructor(readonly page: Page) {}

  async show() {
    await this.page.getByRole('tab', { name: 'Evaluate' }).click();
  }

  async loadSpiderSample() {
    await this.page.getByRole('button', { name: 'Load the Spider dev sample' }).click();
    await expect(this.page.getByTestId('benchmark-summary')).toContainText(
      '972 questions, 19 databases',
      {
        timeout: 60_000,
      },
    );
  }

  /** Runs the first `n` questions of the loaded benchmark. */
  async chooseFirst(n: number) {
    await this.page.getByRole('radio', { name: 'First N' }).check();
    await this.page.getByRole('spinbutton', { name: 'Number of questions' }).fill(String(n));
  }

  get progress(): Locator {
    return this.page.getByTestId('eval-progress');
  }

  runButton(): Locator {
    return this.page.getByRole('button', { name: /^(Run|Resume) \d+ questions/ });
  }

  ablationRow(label: string): Locator {
    return this.page.getByTestId('ablation-table').getByRole('row').filter({ hasText: label });
  }
}
