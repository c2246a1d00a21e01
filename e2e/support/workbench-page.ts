/**
 * The workbench as a person sees it (sidebar, SQL editor, results grid), for e2e specs. Locators
 * go by role and label, the way a screen reader or a person finds things.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class WorkbenchPage {
  readonly sidebar: Locator;
  readonly schema: Locator;
  readonly fileInput: Locator;
  readonly databaseName: Locator;
  readonly loadError: Locator;
  readonly queryError: Locator;
  readonly resultSummary: Locator;
  readonly resultTable: Locator;

  constructor(readonly page: Page) {
    this.sidebar = page.locator('aside');
    this.schema = page.getByTestId('schema-browser');
    this.fileInput = page.getByLabel('Open database');
    this.databaseName = page.getByTestId('database-name');
    this.loadError = this.sidebar.getByRole('alert');
    this.queryError = page.getByRole('main').getByRole('alert');
    this.resultSummary = page.getByTestId('result-summary');
    this.resultTable = page.getByRole('table', { name: 'Query result' });
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
  }

  /** A first visit opens the sample; waits until it is there. */
  async gotoWithSample(): Promise<void> {
    await this.goto();
    // Generous: several builds and browsers share the CI machine.
    await expect(this.schema.getByRole('button', { name: 'Album', exact: true })).toBeVisible({
      timeout: 30_000,
    });
  }

  async openFile(path: string): Promise<void> {
    await this.fileInput.setInputFiles(path);
  }

  async close(): Promise<void> {
    await this.sidebar.getByRole('button', { name: 'Close', exact: true }).click();
  }

  tableButton(name: string): Locator {
    return this.schema.getByRole('button', { name, exact: true });
  }

  async filterTables(text: string): Promise<void> {
    await this.page.getByLabel('Filter tables').fill(text);
  }

  async expandTable(name: string): Promise<void> {
    await this.schema.getByRole('button', { name: `Show columns of ${name}`, exact: true }).click();
  }

  async showSqlView(): Promise<void> {
    await this.page.getByRole('tab', { name: 'SQL' }).click();
  }

  /** The editor of the SQL view, once Monaco has replaced the plain textarea. */
  editor(): Locator {
    return this.page.getByRole('main').locator('[data-editor-state="ready"]').first();
  }

  async setSql(sql: string): Promise<void> {
    await this.showSqlView();
    const editor = this.editor();
    await expect(editor).toBeVisible();
    // Focus rather than click: a click can land on one of Monaco's hover widgets.
    await editor.getByRole('textbox').focus();
    await this.page.keyboard.press('ControlOrMeta+A');
    // insertText, not type: typing would trigger auto-closing quotes and brackets.
    await this.page.keyboard.insertText(sql);
  }

  async editorText(): Promise<string> {
    return (await this.editor().locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  async runWithShortcut(): Promise<void> {
    await this.page.keyboard.press('ControlOrMeta+Enter');
  }

  runButton(): Locator {
    return this.page.getByRole('button', { name: 'Run', exact: true });
  }

  async runSql(sql: string): Promise<void> {
    await this.setSql(sql);
    await this.runWithShortcut();
  }

  columnHeader(name: string): Locator {
    return this.resultTable.getByRole('columnheader', { name, exact: true });
  }

  /** The text of each rendered cell in a column (the grid renders the visible rows only). */
  async columnValues(index: number): Promise<string[]> {
    return this.resultTable
      .locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])')
      .locator(`[role="cell"]:nth-child(${index + 2})`)
      .allInnerTexts();
  }

  async setTimeLimitSeconds(seconds: number): Promise<void> {
    await this.showSqlView();
    await this.page.getByLabel('Time limit (s)').fill(String(seconds));
  }

  allowWrites(): Locator {
    return this.page.getByLabel('Allow writes');
  }

  downloadButton(): Locator {
    return this.page.getByRole('button', { name: /Download database/ });
  }
}
