/**
 * The Ask view as a test drives it, and a mock "model" that answers each pipeline stage by the
 * stable task sentence its prompt carries (exported by src/core/pipeline/prompts.ts).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import {
  CONTINUATION_MARKER,
  FULL_SCHEMA_HEADING,
  NOISE_CORRECTION_MARKER,
  SCHEMA_LINKING_MARKER,
  TEXT_TO_SQL_MARKER,
} from '../../src/core/pipeline/prompts';
import { RESULT_CHECK_MARKER } from '../../src/core/pipeline/result-check-prompt';
import type { ChatCompletionBody, MockReply } from './mock-openai-server';
import { openServerLink } from './server-link';

export type MockStage = 'links' | 'pseudo_sql' | 'sql' | 'correction' | 'checks' | 'continuation';

/** Which stage's prompt this is; SQL generation without schema linking shows the full schema too. */
export function stageOf(body: ChatCompletionBody): MockStage | null {
  const text = (body.messages ?? []).map((m) => m.content).join('\n');
  if (text.includes(SCHEMA_LINKING_MARKER)) return 'links';
  if (text.includes(NOISE_CORRECTION_MARKER)) return 'correction';
  if (text.includes(RESULT_CHECK_MARKER)) return 'checks';
  if (text.includes(CONTINUATION_MARKER)) return 'continuation';
  if (text.includes(TEXT_TO_SQL_MARKER)) {
    // The pseudo-SQL is only asked for alongside schema linking; its twin is the full-schema prompt.
    return text.includes(FULL_SCHEMA_HEADING) ? 'pseudo_sql' : 'sql';
  }
  return null;
}

/** The calls of a run with the default stages on, in order (the result checks and vote are off). */
export const DEFAULT_RUN_CALLS: readonly MockStage[] = [
  'links',
  'pseudo_sql',
  'sql',
  'correction',
  'continuation',
];

export type StageReplies = Partial<Record<MockStage, MockReply | string>>;

/**
 * A `respond` for the mock server. With schema linking off, SQL generation uses the full
 * schema, so `pseudo_sql` and `sql` look alike: `sqlOnFullSchema` says which one is meant.
 */
export function replyByStage(replies: StageReplies, options: { sqlOnFullSchema?: boolean } = {}) {
  return (body: ChatCompletionBody): MockReply => {
    let stage = stageOf(body);
    if (stage === 'pseudo_sql' && options.sqlOnFullSchema) stage = 'sql';
    const reply = stage ? replies[stage] : undefined;
    if (reply === undefined) return { content: 'I cannot help with that.' };
    return typeof reply === 'string' ? { content: reply } : reply;
  };
}

export const STAGE_TITLES = [
  'Schema linking',
  'SQL generation',
  'Agreement vote',
  'Noise correction',
  'Result checks',
  'Continuation writing',
  'Result',
] as const;
export type StageTitle = (typeof STAGE_TITLES)[number];

export class PipelinePage {
  constructor(readonly page: Page) {}

  /**
   * Opens the app through a link to the mock server and accepts its proposal; Chinook is the
   * first-visit sample.
   */
  async open(baseUrl: string, model = 'mock-model') {
    await openServerLink(this.page, baseUrl, model);
    await this.waitUntilReady();
  }

  async waitUntilReady() {
    await this.showAsk();
    await expect(this.page.getByText('Ask a question about the open database.')).toBeVisible({
      timeout: 30_000,
    });
  }

  async showAsk() {
    await this.page.getByRole('tab', { name: 'Ask' }).click();
  }

  get question(): Locator {
    return this.page.getByRole('textbox', { name: 'Question' });
  }

  get hint(): Locator {
    return this.page.getByRole('textbox', { name: 'Hint' });
  }

  get askButton(): Locator {
    return this.page.getByRole('button', { name: 'Ask', exact: true });
  }

  get stopButton(): Locator {
    return this.page.getByRole('button', { name: 'Stop', exact: true });
  }

  card(title: StageTitle): Locator {
    return this.page.getByRole('region', { name: title, exact: true });
  }

  status(title: StageTitle): Locator {
    return this.card(title).getByTestId('stage-status');
  }

  /** The Ask view's root, which tells how many runs started and how the current one stands. */
  get panel(): Locator {
    return this.page.locator('[data-runs-started]');
  }

  async runsStarted(): Promise<number> {
    return Number(await this.panel.getAttribute('data-runs-started'));
  }

  /** Types the question and presses Enter (the way a person asks). */
  async ask(question: string, hint?: string) {
    const before = await this.runsStarted();
    await this.question.fill(question);
    if (hint !== undefined) await this.hint.fill(hint);
    await this.question.press('Enter');
    await expect(this.panel).toHaveAttribute('data-runs-started', String(before + 1));
  }

  /** Runs `start` (a click on Ask or "Re-run from here") and waits until a new run began. */
  async startRun(start: () => Promise<void>) {
    const before = await this.runsStarted();
    await start();
    await expect(this.panel).toHaveAttribute('data-runs-started', String(before + 1));
  }

  /**
   * Asked of the page by a small function: a failing Playwright `expect` builds an accessibility
   * snapshot of the whole page at every poll, which on a 600-table schema blocks the page (and
   * its timers, such as a request's deadline) for seconds.
   */
  async waitForRunEnd(timeout = 60_000) {
    await this.page.waitForFunction(
      () =>
        document.querySelector('[data-runs-started]')?.getAttribute('data-run-status') !==
        'running',
      undefined,
      { timeout, polling: 250 },
    );
  }

  /** The final result grid (the shared ResultsGrid inside the Result card). */
  get resultGrid(): Locator {
    return this.card('Result').getByLabel('Final result', { exact: true });
  }

  /**
   * The final result is exactly these rows (cells as the grid shows them): the row count first,
   * then every cell, so "126" never passes for "26". For small results, which render whole.
   */
  async expectFinalRows(rows: string[][]) {
    const table = this.resultGrid.getByRole('table');
    await expect(table).toHaveAttribute('aria-rowcount', String(rows.length + 1));
    const shown = table.locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
    await expect(shown).toHaveCount(rows.length);
    const cells = await shown.evaluateAll((elements) =>
      elements.map((row) =>
        [...row.querySelectorAll('[role="cell"]')].map((cell) => cell.textContent ?? ''),
      ),
    );
    expect(cells).toEqual(rows);
  }

  async setSwitch(
    label:
      | 'Schema linking'
      | 'Noise correction'
      | 'Continuation writing'
      | 'SQL constrained to the schema'
      | 'Result checks',
    on: boolean,
  ) {
    const box = this.page.getByRole('checkbox', { name: label, exact: true });
    if (on) await box.check();
    else await box.uncheck();
  }

  /** Replaces the text of the (Monaco) SQL editor inside a card, as a person would type it. */
  async replaceSql(title: StageTitle, sql: string) {
    const card = this.card(title);
    // The editor loads Monaco only once it is on screen.
    await card.locator('[data-editor-state]').first().scrollIntoViewIfNeeded();
    const monaco = card.locator('.monaco-editor').first();
    await expect(monaco).toBeVisible({ timeout: 30_000 });
    await monaco.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(sql);
  }
}
