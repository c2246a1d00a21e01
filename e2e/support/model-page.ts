/** The Model view and the engine status chip, as the engines specs drive them. */
import { expect, type Locator, type Page } from '@playwright/test';
import { openServerLink } from './server-link';

export class ModelPage {
  readonly chip: Locator;
  readonly prompt: Locator;
  readonly output: Locator;
  readonly stats: Locator;

  constructor(readonly page: Page) {
    this.chip = page.getByTestId('engine-status-chip');
    this.prompt = page.getByRole('textbox', { name: 'Prompt' });
    this.output = page.getByTestId('try-it-output');
    this.stats = page.getByTestId('try-it-stats');
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
    await this.show();
  }

  /** Follows a link to a server and accepts its proposal, then shows the Model view. */
  async openServerLink(baseUrl: string, model: string): Promise<void> {
    await openServerLink(this.page, baseUrl, model);
    await this.show();
  }

  async show(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Model' }).click();
  }

  /** The main area; the other views stay mounted but hidden, so role queries skip them. */
  get view(): Locator {
    return this.page.getByRole('main');
  }

  get endpoint(): Locator {
    return this.view.getByLabel('Endpoint URL');
  }

  /** The field, not the view's tab panel, which the Model tab labels too. */
  get model(): Locator {
    return this.view.getByLabel('Model', { exact: true }).and(this.page.locator('input, select'));
  }

  get apiKey(): Locator {
    return this.view.getByLabel('API key');
  }

  get alert(): Locator {
    return this.view.getByRole('alert');
  }

  async connect(
    endpoint: string,
    options: { model?: string; apiKey?: string } = {},
  ): Promise<void> {
    await this.view.getByLabel('OpenAI-compatible server').check();
    await this.endpoint.fill(endpoint);
    if (options.model !== undefined) await this.model.fill(options.model);
    if (options.apiKey !== undefined) await this.apiKey.fill(options.apiKey);
    await this.view.getByRole('button', { name: /^(Connect|Reconnect)$/ }).click();
  }

  async expectReady(): Promise<void> {
    await expect(this.chip).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  }

  async send(prompt?: string): Promise<void> {
    if (prompt !== undefined) await this.prompt.fill(prompt);
    await this.view.getByRole('button', { name: 'Send' }).click();
  }
}
