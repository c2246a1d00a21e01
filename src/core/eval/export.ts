/** Evaluation exports: per-question CSV and JSON, and the summary as Markdown. */
import { toCsv } from '../sql/export-csv';
import type { Benchmark } from './benchmark';
import { formatReasonCounts } from '../llm/retry';
import type { EvalSetting } from './settings';
import {
  SCORED_STAGES,
  agreementLabel,
  agreementSignal,
  NOT_SCORED,
  exLine,
  exLines,
  percent,
  summarize,
  type QuestionResult,
  type SettingSummary,
} from './results';

const STAGE_NAMES: Record<(typeof SCORED_STAGES)[number], string> = {
  schema_linking: 'Schema linking',
  sql_generation: 'SQL generation',
  sample_vote: 'Agreement vote',
  noise_correction: 'Noise correction',
  result_checks: 'Result checks',
  continuation_writing: 'Continuation writing',
};

function questionText(benchmark: Benchmark, index: number): string {
  return benchmark.questions[index]?.question ?? '';
}

export function resultsToCsv(results: readonly QuestionResult[], benchmark: Benchmark): string {
  const columns = [
    'setting',
    'index',
    'question_id',
    'db_id',
    'difficulty',
    'question',
    'gold_sql',
    'predicted_sql',
    'match',
    'reason',
    'calls',
    'prompt_tokens',
    'completion_tokens',
    'seconds',
    'agreement',
    'retries',
  ];
  const rows = results.map((r) => [
    r.settingId,
    r.index,
    r.questionId,
    r.dbId,
    r.difficulty,
    questionText(benchmark, r.index),
    benchmark.questions[r.index]?.goldSql ?? '',
    r.predSql,
    r.goldFailed ? 'gold failed' : r.unscored !== undefined ? NOT_SCORED : r.match ? 1 : 0,
    r.unscored ?? r.reason,
    r.calls,
    r.promptTokens,
    r.completionTokens,
    Number((r.elapsedMs / 1000).toFixed(3)),
    // "4/5": how many of the vote's samples agreed with the adopted SQL (empty: no vote).
    r.agreement ? `${r.agreement.agreeing}/${r.agreement.total}` : '',
    // "429: 2, stream cut: 1": calls tried again (empty: none).
    Object.entries(r.retries ?? {})
      .map(([reason, n]) => `${reason}: ${n}`)
      .join(', '),
  ]);
  return toCsv({ columns, rows });
}

/** One JSON object per line (JSONL), without the run records: what `--out` keeps and resumes from. */
export function resultToJsonLine(result: QuestionResult): string {
  return JSON.stringify(withoutRun(result));
}

function withoutRun(result: QuestionResult): Omit<QuestionResult, 'run'> {
  const copy = { ...result };
  delete copy.run;
  return copy;
}

export function resultsToJson(results: readonly QuestionResult[], benchmark: Benchmark): string {
  const rows = results.map((r) => {
    const q = benchmark.questions[r.index];
    return { ...withoutRun(r), question: q?.question ?? '', goldSql: q?.goldSql ?? '' };
  });
  return JSON.stringify(rows, null, 2) + '\n';
}

function difficultyOrder(summaries: readonly SettingSummary[]): string[] {
  const known = ['easy', 'medium', 'hard', 'extra', 'simple', 'moderate', 'challenging'];
  const seen = new Set(summaries.flatMap((s) => Object.keys(s.byDifficulty)));
  return [
    ...known.filter((d) => seen.has(d)),
    ...[...seen].filter((d) => !known.includes(d)).sort(),
  ];
}

export interface SummaryTable {
  difficulties: string[];
  rows: { setting: EvalSetting; summary: SettingSummary }[];
}

export function summaryTable(
  results: readonly QuestionResult[],
  settings: readonly EvalSetting[],
): SummaryTable {
  const rows = settings.map((setting) => ({ setting, summary: summarize(results, setting.id) }));
  return { difficulties: difficultyOrder(rows.map((r) => r.summary)), rows };
}

function cell(t: { matched: number; total: number } | undefined): string {
  return t ? `${percent(t)} (${t.matched}/${t.total})` : '-';
}

export function summaryToMarkdown(
  results: readonly QuestionResult[],
  settings: readonly EvalSetting[],
  /** `notes`: sentences to end with (e.g. a setting left out, and why). */
  context: { benchmark: Benchmark; model: string; rule: string; notes?: readonly string[] },
): string {
  const table = summaryTable(results, settings);
  const lines = [
    `# Evaluation: ${context.benchmark.name}`,
    '',
    `Model: ${context.model}. Rule: ${context.rule}. Questions: ${context.benchmark.questions.length}.`,
    '',
    '## Execution accuracy',
    '',
    `| Setting | ${[...table.difficulties, 'all'].join(' | ')} |`,
    `| --- | ${[...table.difficulties, 'all'].map(() => '---').join(' | ')} |`,
  ];
  for (const { setting, summary } of table.rows) {
    const cells = table.difficulties.map((d) => cell(summary.byDifficulty[d]));
    lines.push(`| ${setting.label} | ${[...cells, cell(summary.overall)].join(' | ')} |`);
  }
  lines.push(
    '',
    '## Stages',
    '',
    '| Setting | Stage | ran | adopted | wrong -> right | right -> wrong |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const { setting, summary } of table.rows) {
    for (const stage of SCORED_STAGES) {
      const s = summary.stages[stage];
      if (s.ran === 0) continue;
      lines.push(
        `| ${setting.label} | ${STAGE_NAMES[stage]} | ${s.ran} | ${s.adopted} | ${s.wrongToRight} | ${s.rightToWrong} |`,
      );
    }
  }
  const voted = table.rows.filter((r) => r.summary.byAgreement.length > 0);
  if (voted.length > 0) {
    lines.push(
      '',
      '## EX by agreement (runs that voted)',
      '',
      '| Setting | Agreement | EX |',
      '| --- | --- | --- |',
    );
    for (const { setting, summary } of voted) {
      for (const level of summary.byAgreement)
        lines.push(`| ${setting.label} | ${agreementLabel(level)} | ${cell(level.ex)} |`);
    }
    for (const { setting, summary } of voted) {
      const signal = agreementSignal(summary.byAgreement);
      if (signal) lines.push('', `${setting.label}: ${signal}`);
    }
  }
  lines.push(
    '',
    '## Cost per question',
    '',
    '| Setting | model calls | tokens | seconds |',
    '| --- | --- | --- | --- |',
  );
  for (const { setting, summary } of table.rows) {
    lines.push(
      `| ${setting.label} | ${summary.callsPerQuestion.toFixed(2)} | ${Math.round(summary.tokensPerQuestion)} | ${summary.secondsPerQuestion.toFixed(2)} |`,
    );
  }
  const failed = table.rows.reduce((n, r) => Math.max(n, r.summary.goldFailed), 0);
  if (failed > 0)
    lines.push('', `${failed} questions were left out: their gold SQL fails on the database.`);
  lines.push(...unscoredMarkdown(results, table));
  for (const note of context.notes ?? []) lines.push('', note);
  return lines.join('\n') + '\n';
}

/**
 * The questions a server error left unscored, apart: EX over the scored and over all, each
 * such question with its error, and the calls tried again by reason.
 */
function unscoredMarkdown(results: readonly QuestionResult[], table: SummaryTable): string[] {
  const lines: string[] = [];
  const retried = table.rows.filter((r) => Object.keys(r.summary.retries).length > 0);
  if (retried.length > 0) {
    lines.push('', '## Calls tried again', '', '| Setting | retried calls |', '| --- | --- |');
    for (const { setting, summary } of retried)
      lines.push(`| ${setting.label} | ${formatReasonCounts(summary.retries)} |`);
  }
  const hit = table.rows.filter((r) => r.summary.unscored > 0);
  if (hit.length === 0) return lines;
  lines.push(
    '',
    `## ${NOT_SCORED[0]?.toUpperCase()}${NOT_SCORED.slice(1)}`,
    '',
    'A call failed for a passing reason (429, 5xx, a dropped connection) even after its retries: these questions say nothing about the model and are left out of EX over the scored. Run again with the same results to score them.',
    '',
    '| Setting | not scored | EX over the scored | EX over all |',
    '| --- | --- | --- | --- |',
  );
  for (const { setting, summary } of hit)
    lines.push(
      `| ${setting.label} | ${summary.unscored} | ${cell(summary.overall)} | ${cell(summary.overAll)} |`,
    );
  lines.push('', '| Setting | # | question id | error |', '| --- | --- | --- | --- |');
  const labels = new Map(table.rows.map((r) => [r.setting.id, r.setting.label]));
  for (const r of results) {
    if (r.unscored === undefined || !labels.has(r.settingId)) continue;
    const error = r.unscored.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
    lines.push(`| ${labels.get(r.settingId)} | ${r.index} | ${r.questionId} | ${error} |`);
  }
  return lines;
}

export { STAGE_NAMES };

/** The plain-text tables `npm run eval` ends with: per setting, EX by difficulty, then the `EX m/t (p%)` line. */
export function summaryToText(
  results: readonly QuestionResult[],
  settings: readonly EvalSetting[],
): string {
  const table = summaryTable(results, settings);
  const out: string[] = [];
  for (const { setting, summary } of table.rows) {
    const rows = [
      ['difficulty', 'matched', 'total', 'EX'],
      ...table.difficulties.map((d) => {
        const t = summary.byDifficulty[d] ?? { matched: 0, total: 0 };
        return [d, String(t.matched), String(t.total), percent(t)];
      }),
      [
        'all',
        String(summary.overall.matched),
        String(summary.overall.total),
        percent(summary.overall),
      ],
    ];
    const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
    out.push(`Setting: ${setting.label} (${setting.id})`);
    for (const r of rows)
      out.push(
        '  ' +
          r
            .map((v, c) => (c === 0 ? v.padEnd(widths[c] ?? 0) : v.padStart(widths[c] ?? 0)))
            .join('  '),
      );
    const stages = SCORED_STAGES.filter((s) => summary.stages[s].ran > 0).map((s) => {
      const t = summary.stages[s];
      return `  ${STAGE_NAMES[s]}: ran ${t.ran}, adopted ${t.adopted}, wrong->right ${t.wrongToRight}, right->wrong ${t.rightToWrong}`;
    });
    out.push(...stages);
    for (const level of summary.byAgreement)
      out.push(`  ${agreementLabel(level)}: ${exLine(level.ex)}`);
    const signal = agreementSignal(summary.byAgreement);
    if (signal) out.push(`  ${signal}`);
    out.push(
      `  per question: ${summary.callsPerQuestion.toFixed(2)} calls, ${Math.round(summary.tokensPerQuestion)} tokens, ${summary.secondsPerQuestion.toFixed(2)} s`,
    );
    if (summary.goldFailed > 0)
      out.push(`  left out: ${summary.goldFailed} questions whose gold SQL fails`);
    if (Object.keys(summary.retries).length > 0)
      out.push(`  retried calls: ${formatReasonCounts(summary.retries)}`);
    out.push(...exLines(summary), '');
  }
  return out.join('\n');
}

/** Reads back a results JSONL file (what `--out` holds), skipping a last line cut off mid-write. */
export function parseResultLines(text: string): QuestionResult[] {
  const results: QuestionResult[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as QuestionResult;
      if (typeof value.settingId === 'string' && typeof value.index === 'number')
        results.push(value);
    } catch {
      // A line cut by an interrupted write: that question runs again.
    }
  }
  return results;
}
