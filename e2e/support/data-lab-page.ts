/** The Data view as a test drives it. */
import { expect, type Locator, type Page } from '@playwright/test';

export class DataLabPage {
  constructor(readonly page: Page) {}

  async show() {
    await this.page.getByRole('tab', { name: 'Data' }).click();
  }

  get settings(): Locator {
    return this.page.getByRole('group', { name: 'Data lab settings' });
  }

  async setStrong(endpoint: string, model: string, key = '') {
    await this.settings.getByLabel('Strong server URL').fill(endpoint);
    await this.settings.getByLabel('Strong model').fill(model);
    if (key) await this.settings.getByLabel('Strong server key').fill(key);
  }

  async setNumber(label: 'Pairs (N)' | 'Weak samples (k)' | 'Concurrency', value: number) {
    await this.settings.getByLabel(label).fill(String(value));
  }

  count(step: 'synthesis' | 'judge' | 'weak', label: string): Locator {
    return this.page.getByTestId(`counts-${step}`).locator(`[data-count="${label}"]`);
  }

  pair(question: string | RegExp): Locator {
    return this.page
      .locator('li[data-pair-id]')
      .filter({ has: this.page.getByTestId('pair-question').filter({ hasText: question }) });
  }

  /** Runs one step alone (its own Run button), not the steps after it. */
  async runStep(step: 'synthesis' | 'judge' | 'weak') {
    await this.page
      .locator(`li[data-step="${step}"]`)
      .getByRole('button', { name: 'Run', exact: true })
      .click();
  }

  async waitUntilIdle() {
    await expect(this.page.getByRole('button', { name: 'Stop' })).toBeHidden({ timeout: 30_000 });
  }
}
