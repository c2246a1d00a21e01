/**
 * A run as a file a person can keep or share: JSON (the whole record, for tools) and Markdown
 * (for reading). Neither ever carries credentials: the record has no place for them, and the
 * JSON writer also drops any key that looks like one, in case a future field lets one in.
 */
import type { CellValue } from '../sql/result';
import { STAGE_ORDER } from '../pipeline/events';
import { STAGE_TITLES } from '../pipeline/stages';
import type { ExecutionOutcome, SimplifiedSchema, StageOutput } from '../pipeline/events';
import type { RunRecord, StageRecord, ThreadTurn } from './run-record';
import { stageTokens, stageTokensPerSecond } from './run-record';

const SECRET_KEY = /^(api[-_]?key|authorization|token|secret|password)$/i;

export const RUN_EXPORT_FORMAT = 'text-to-sql-playground/run@1';

export interface ExportedFile {
  filename: string;
  mimeType: string;
  text: string;
}

function cellToJson(value: CellValue): string | number | null {
  if (value instanceof Uint8Array) return `<blob ${value.byteLength} bytes>`;
  return value;
}

export function runToJson(run: RunRecord): string {
  return exportJsonText({ format: RUN_EXPORT_FORMAT, ...run });
}

/** JSON for a file: indented, blobs as their size, credential-looking keys dropped. */
export function exportJsonText(payload: unknown): string {
  return JSON.stringify(
    payload,
    (key, value: unknown) => {
      if (SECRET_KEY.test(key)) return undefined;
      if (value instanceof Uint8Array) return cellToJson(value);
      return value;
    },
    2,
  );
}

/** A fence longer than any run of backticks in the text, so code blocks never break early. */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

function cellText(value: CellValue): string {
  if (value === null) return 'NULL';
  if (value instanceof Uint8Array) return `<blob ${value.byteLength} bytes>`;
  return String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function schemaList(schema: SimplifiedSchema): string {
  const lines = Object.entries(schema).map(
    ([table, columns]) => `- ${table}: ${columns.length ? columns.join(', ') : '(all columns)'}`,
  );
  return lines.length ? lines.join('\n') : '- (no tables)';
}

function outputText(output: StageOutput): string {
  switch (output.stage) {
    case 'schema_linking':
      return [
        'Simplified schema:',
        schemaList(output.simplifiedSchema),
        ...(output.pseudoSql ? ['', 'Pseudo-SQL:', fenced(output.pseudoSql, 'sql')] : []),
      ].join('\n');
    case 'sql_generation':
    case 'result':
      return fenced(output.sql, 'sql');
    case 'noise_correction':
      return output.verdict === 'correct'
        ? 'Verdict: the SQL answers the question.'
        : `Verdict: corrected.\n\n${fenced(output.sql ?? '', 'sql')}`;
    case 'continuation_writing':
      return `Prefix: \`${output.prefix}\`\n\n${fenced(output.sql, 'sql')}`;
    case 'sample_vote':
      return fenced(output.sql, 'sql');
    case 'result_checks':
      return output.sql === null ? 'No correction adopted.' : fenced(output.sql, 'sql');
  }
}

function outcomeText(outcome: ExecutionOutcome): string {
  if (!outcome.ok) return `failed: ${outcome.error.detail ?? outcome.error.message}`;
  const { rows, columns, truncated } = outcome.result;
  return `${rows.length}${truncated ? '+' : ''} row(s), columns: ${columns.join(', ') || '(none)'}`;
}

/** The final result's lines: what it returned, then its first rows as a table. */
export function finalResultMarkdown(outcome: ExecutionOutcome | null): string[] {
  if (!outcome) return [];
  const table = resultTable(outcome);
  return ['', outcomeText(outcome), ...(table ? ['', table] : [])];
}

function resultTable(outcome: ExecutionOutcome, maxRows = 20): string {
  if (!outcome.ok || outcome.result.columns.length === 0) return '';
  const { columns, rows } = outcome.result;
  const head = `| ${columns.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const rule = `| ${columns.map(() => '---').join(' | ')} |`;
  const body = rows.slice(0, maxRows).map((row) => `| ${row.map(cellText).join(' | ')} |`);
  const more = rows.length > maxRows ? [`\n(${rows.length - maxRows} more rows not shown)`] : [];
  return [head, rule, ...body].join('\n') + more.join('');
}

function stageSection(stage: StageRecord): string {
  const parts: string[] = [`## ${STAGE_TITLES[stage.id]}`, ''];
  const { prompt, completion } = stageTokens(stage);
  const speed = stageTokensPerSecond(stage);
  const facts = [
    `status: ${stage.status}`,
    stage.elapsedMs != null ? `time: ${(stage.elapsedMs / 1000).toFixed(2)} s` : null,
    prompt != null ? `prompt tokens: ${prompt}` : null,
    completion != null ? `answer tokens: ${completion}` : null,
    speed != null ? `${speed.toFixed(1)} tokens/s` : null,
  ].filter(Boolean);
  parts.push(facts.map((f) => `- ${f}`).join('\n'));
  if (stage.verdict) parts.push('', `**${stage.verdict.kind}:** ${stage.verdict.reason}`);
  if (stage.error) {
    parts.push('', `**error (${stage.error.code}):** ${stage.error.message}`);
    if (stage.error.detail) parts.push('', fenced(stage.error.detail));
  }
  for (const call of stage.calls) {
    parts.push('', `### Call: ${call.call}`, '');
    for (const message of call.messages) {
      parts.push(`**${message.role}**`, '', fenced(message.content), '');
    }
    if (call.thinking) {
      const size = call.thinkingTokens != null ? `, ${call.thinkingTokens} tokens` : '';
      const ran = call.cutWhileThinking ? ', ran out while thinking' : '';
      parts.push(
        `**thinking** (not read for the answer${size}${ran})`,
        '',
        fenced(call.thinking),
        '',
      );
    }
    parts.push('**answer**', '', fenced(call.answer));
  }
  if (stage.output) parts.push('', '### Parsed output', '', outputText(stage.output));
  if (stage.edit)
    parts.push(
      '',
      '### Edited by the person',
      '',
      fenced(JSON.stringify(stage.edit, null, 2), 'json'),
    );
  for (const execution of stage.executions) {
    parts.push(
      '',
      '### Execution',
      '',
      fenced(execution.sql, 'sql'),
      '',
      outcomeText(execution.outcome),
    );
  }
  return parts.join('\n');
}

/** The earlier turns a follow-up was asked after, each with its question and final SQL. */
export function earlierTurnsMarkdown(earlier: readonly ThreadTurn[]): string[] {
  if (earlier.length === 0) return [];
  const lines = ['## Earlier turns in this thread'];
  earlier.forEach((turn, i) => {
    const rows = turn.rowCount === null ? '' : `, ${turn.rowCount} row(s)`;
    lines.push('', `### Turn ${i + 1}: ${turn.question.replace(/\n/g, ' ')}`, '');
    lines.push(`- status: ${turn.status}${rows}`, '');
    lines.push(
      turn.sql ? fenced(turn.sql, 'sql') : '(no SQL adopted: the question alone was context)',
    );
  });
  return [...lines, ''];
}

export function runToMarkdown(run: RunRecord): string {
  const s = run.settings;
  const db = run.database;
  const lines = [
    `# ${run.question.replace(/\n/g, ' ')}`,
    '',
    ...(run.hint ? [`Hint: ${run.hint}`, ''] : []),
    `- status: ${run.status}`,
    `- started: ${new Date(run.createdAt).toISOString()}`,
    ...(run.finishedAt ? [`- finished: ${new Date(run.finishedAt).toISOString()}`] : []),
    `- model: ${run.model.modelId} (${run.model.engine})`,
    `- settings: schema linking ${s.schemaLinking ? 'on' : 'off'}, noise correction ${s.noiseCorrection ? 'on' : 'off'}, continuation writing ${s.continuationWriting ? 'on' : 'off'}, prompt style ${s.promptStyle}, thinking ${s.thinking ?? 'server_default'}${s.thinkingAllowance !== undefined ? ` (allowance ${s.thinkingAllowance})` : ''}, temperature ${s.temperature}, top_p ${s.topP}, max tokens ${s.maxTokens}, SQL time limit ${s.sqlTimeoutMs} ms`,
    `- database: ${db.name}, ${db.sizeBytes} bytes, ${db.tableCount} tables, schema hash ${db.schemaHash}`,
    ...(run.thread && run.thread.turn > 0
      ? [`- thread: turn ${run.thread.turn + 1} of thread ${run.thread.id}`]
      : []),
    '',
    ...earlierTurnsMarkdown(run.thread?.earlier ?? []),
    '## Final SQL',
    '',
    run.finalSql ? fenced(run.finalSql, 'sql') : '(none)',
    ...finalResultMarkdown(run.finalOutcome),
  ];
  if (run.error) lines.push('', `**run error (${run.error.code}):** ${run.error.message}`);
  for (const id of STAGE_ORDER) lines.push('', stageSection(run.stages[id]));
  return lines.join('\n') + '\n';
}

export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'run'
  );
}

export function exportRun(run: RunRecord, format: 'json' | 'markdown'): ExportedFile {
  const stamp = new Date(run.createdAt).toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const base = `run-${stamp}-${slug(run.question)}`;
  return format === 'json'
    ? { filename: `${base}.json`, mimeType: 'application/json', text: runToJson(run) }
    : { filename: `${base}.md`, mimeType: 'text/markdown', text: runToMarkdown(run) };
}
